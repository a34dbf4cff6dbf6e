import { mount } from 'svelte'
import '../styles.css'
import { AdminApp } from './admin.svelte'
import AdminPage from './AdminPage.svelte'

const app = new AdminApp()
mount(AdminPage, { target: document.getElementById('app') as HTMLElement, props: { app } })
void app.load()
