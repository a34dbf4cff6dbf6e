import { useMessages } from '../lib/i18n'
import { i18n } from '../lib/i18n.svelte'
import { moderateMessages } from './messages'
import { mount } from 'svelte'
import '../styles.css'
import BadAddress from '../components/BadAddress.svelte'
import { slugFromPath } from '../lib/routes'
import ModeratePage from './ModeratePage.svelte'
import { Regie } from './regie.svelte'

// Words first: nothing is shown before the page's dictionaries are in.
useMessages(moderateMessages)
await i18n.ready()

const target = document.getElementById('app') as HTMLElement
const slug = slugFromPath(location.pathname)

if (slug === null) {
  mount(BadAddress, { target, props: { page: 'page.moderate' } })
} else {
  const regie = new Regie(slug)
  mount(ModeratePage, { target, props: { regie } })
  regie.session.start()
}
