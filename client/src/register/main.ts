import { useMessages } from '../lib/i18n'
import { i18n } from '../lib/i18n.svelte'
import { registerMessages } from './messages'
import { mount } from 'svelte'
import '../styles.css'
import BadAddress from '../components/BadAddress.svelte'
import { slugFromPath } from '../lib/routes'
import { RegisterApp } from './register.svelte'
import RegisterPage from './RegisterPage.svelte'

// Words first: nothing is shown before the page's dictionaries are in.
useMessages(registerMessages)
await i18n.ready()

const target = document.getElementById('app') as HTMLElement
const slug = slugFromPath(location.pathname)

if (slug === null) {
  mount(BadAddress, { target, props: { page: 'register.title' } })
} else {
  const app = new RegisterApp(slug)
  mount(RegisterPage, { target, props: { app } })
  void app.load()
}
