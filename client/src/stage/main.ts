import { useMessages } from '../lib/i18n'
import { i18n } from '../lib/i18n.svelte'
import { stageMessages } from './messages'
import { mount } from 'svelte'
import '../styles.css'
import BadAddress from '../components/BadAddress.svelte'
import { screenLabel } from '../lib/screen-presence'
import { RoleSession } from '../lib/role-session.svelte'
import { slugFromPath } from '../lib/routes'
import { Stage } from './stage.svelte'
import StagePage from './StagePage.svelte'

// Words first: nothing is shown before the page's dictionaries are in.
useMessages(stageMessages)
await i18n.ready()

const target = document.getElementById('app') as HTMLElement
const slug = slugFromPath(location.pathname)

if (slug === null) {
  mount(BadAddress, { target, props: { page: 'page.stage' } })
} else {
  // Moderators may open the speaker screen too, to see what the speakers see.
  const session = new RoleSession(slug, 'speaker', ['speaker', 'moderator'])
  // `?label=Pupitre 1` names this screen in the control room's list of screens.
  const stage = new Stage(session.stream, screenLabel(location.search))
  mount(StagePage, { target, props: { session, stage } })
  session.start()
}
