import { useMessages } from '../lib/i18n'
import { i18n } from '../lib/i18n.svelte'
import { reportMessages } from './messages'
import { mount } from 'svelte'
import '../styles.css'
import BadAddress from '../components/BadAddress.svelte'
import { slugFromPath } from '../lib/routes'
import { ReportApp } from './report.svelte'
import ReportPage from './ReportPage.svelte'

// Words first: nothing is shown before the page's dictionaries are in.
useMessages(reportMessages)
await i18n.ready()

const target = document.getElementById('app') as HTMLElement
const slug = slugFromPath(location.pathname)

if (slug === null) {
  mount(BadAddress, { target, props: { page: 'report.title' } })
} else {
  const app = new ReportApp(slug)
  mount(ReportPage, { target, props: { app } })
  void app.load()
}
