import { mount } from 'svelte'
import '../styles.css'
import BadAddress from '../components/BadAddress.svelte'
import { slugFromPath } from '../lib/routes'
import ModeratePage from './ModeratePage.svelte'
import { Regie } from './regie.svelte'

const target = document.getElementById('app') as HTMLElement
const slug = slugFromPath(location.pathname)

if (slug === null) {
  mount(BadAddress, { target, props: { page: 'page.moderate' } })
} else {
  const regie = new Regie(slug)
  mount(ModeratePage, { target, props: { regie } })
  regie.session.start()
}
