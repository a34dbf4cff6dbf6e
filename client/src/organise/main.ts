import { useMessages } from '../lib/i18n'
import { i18n } from '../lib/i18n.svelte'
import { organiseMessages } from './messages'
import { mount } from 'svelte'
import '../styles.css'
import BadAddress from '../components/BadAddress.svelte'
import { slugFromPath } from '../lib/routes'
import { OrganiserApp } from './organise.svelte'
import OrganisePage from './OrganisePage.svelte'

// Words first: nothing is shown before the page's dictionaries are in.
useMessages(organiseMessages)
await i18n.ready()

const target = document.getElementById('app') as HTMLElement
const slug = slugFromPath(location.pathname)

if (slug === null) {
  mount(BadAddress, { target, props: { page: 'organise.title' } })
} else {
  const app = new OrganiserApp(slug)
  mount(OrganisePage, { target, props: { app } })
  void app.load()
}
