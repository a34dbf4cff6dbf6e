import { useMessages } from '../lib/i18n'
import { i18n } from '../lib/i18n.svelte'
import { attendeeMessages } from './messages'
import { mount } from 'svelte'
import '../styles.css'
import BadAddress from '../components/BadAddress.svelte'
import { LiveClock } from '../lib/live-clock.svelte'
import { slugFromPath } from '../lib/routes'
import { AttendeeApp } from './attendee.svelte'
import AttendeePage from './AttendeePage.svelte'

// Words first: nothing is shown before the page's dictionaries are in.
useMessages(attendeeMessages)
await i18n.ready()

const target = document.getElementById('app') as HTMLElement
const slug = slugFromPath(location.pathname)

if (slug === null) {
  mount(BadAddress, { target, props: { page: 'page.attendee' } })
} else {
  const app = new AttendeeApp(slug)
  mount(AttendeePage, { target, props: { app } })
  // Every page estimates its offset to the server's clock; attendees do not report it (there can be thousands).
  new LiveClock(app.stream, { page: 'attendee', report: false, frames: false }).start()
  void app.start()
}
