// The dictionary parts the moderate page registers (one module per part, so that the page carries no other part):
// the French ones in the page, the English ones fetched when English is chosen (messages.en.ts).
// test/unit/client/page-dictionaries.test.ts checks that they hold every key the page's modules name.
import type { PageMessages } from '../lib/i18n'
import { clockFr } from '../lib/messages.clock.fr'
import { fr } from '../lib/messages.fr'
import { screensFr } from '../lib/messages.screens.fr'
import { xFr } from '../lib/messages.x.fr'

export const moderateMessages: PageMessages = {
  fr: [fr, screensFr, xFr, clockFr],
  en: () => import('./messages.en').then((module) => module.parts),
}
