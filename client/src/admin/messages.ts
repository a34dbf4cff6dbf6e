// The dictionary parts the admin page registers (one module per part, so that the page carries no other part):
// the French ones in the page, the English ones fetched when English is chosen (messages.en.ts).
// test/unit/client/page-dictionaries.test.ts checks that they hold every key the page's modules name.
import type { PageMessages } from '../lib/i18n'
import { fr } from '../lib/messages.fr'
import { organiserFr } from '../lib/messages.organiser.fr'

export const adminMessages: PageMessages = {
  fr: [fr, organiserFr],
  en: () => import('./messages.en').then((module) => module.parts),
}
