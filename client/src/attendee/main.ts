import { useMessages } from '../lib/i18n'
import { i18n } from '../lib/i18n.svelte'
import { attendeeMessages } from './messages'
import { mount } from 'svelte'
import '../styles.css'
import { slugFromPath } from '../lib/routes'
import { AttendeeApp } from './attendee.svelte'
import AttendeePage from './AttendeePage.svelte'

// Words first: nothing is shown before the page's dictionaries are in.
useMessages(attendeeMessages)
await i18n.ready()

const target = document.getElementById('app') as HTMLElement
const slug = slugFromPath(location.pathname)

if (slug === null) {
  // A mistyped address only: not in the page's first download (issue 10).
  const { default: BadAddress } = await import('../components/BadAddress.svelte')
  mount(BadAddress, { target, props: { page: 'page.attendee' } })
} else {
  const app = new AttendeeApp(slug)
  mount(AttendeePage, { target, props: { app } })
  void app.start()
}
