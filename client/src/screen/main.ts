import { useMessages } from '../lib/i18n'
import { screenMessages } from './messages'
import { mount } from 'svelte'
import '../styles.css'
import BadAddress from '../components/BadAddress.svelte'
import { i18n } from '../lib/i18n.svelte'
import { slugFromPath } from '../lib/routes'
import { screenOptions } from '../lib/screen-options'
import { EventStream } from '../lib/stream.svelte'
import ScreenPage from './ScreenPage.svelte'

// Words first: nothing is shown before the page's dictionaries are in.
useMessages(screenMessages)

const target = document.getElementById('app') as HTMLElement
const slug = slugFromPath(location.pathname)
// `?view=clean|lower-third|timer`, `?lang=en`, `?bg=transparent`, `?reasons=1`…: the screen's settings are its address.
const options = screenOptions(location.search)
if (options.lang) i18n.show(options.lang)
await i18n.ready()
document.documentElement.classList.toggle('transparent', options.transparent)

if (slug === null) {
  mount(BadAddress, { target, props: { page: 'page.screen' } })
} else {
  // The public screen is public: no token, the public room only.
  const stream = new EventStream({ slug, lang: i18n.current })
  mount(ScreenPage, { target, props: { stream, options } })
  stream.start()
}
