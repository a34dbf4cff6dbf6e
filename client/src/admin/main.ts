import { useMessages } from '../lib/i18n'
import { i18n } from '../lib/i18n.svelte'
import { adminMessages } from './messages'
import { mount } from 'svelte'
import '../styles.css'
import { AdminApp } from './admin.svelte'
import AdminPage from './AdminPage.svelte'

// Words first: nothing is shown before the page's dictionaries are in.
useMessages(adminMessages)
await i18n.ready()

const app = new AdminApp()
mount(AdminPage, { target: document.getElementById('app') as HTMLElement, props: { app } })
void app.load()
