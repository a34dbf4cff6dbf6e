// The dictionary parts the admin page registers (one module per part, so that the page's chunks carry no other
// part): test/unit/client/page-dictionaries.test.ts checks that they hold every key its modules name.
import { en } from '../lib/messages.en'
import { fr } from '../lib/messages.fr'
import { organiserEn } from '../lib/messages.organiser.en'
import { organiserFr } from '../lib/messages.organiser.fr'

export const adminMessages = [
  { fr, en },
  { fr: organiserFr, en: organiserEn },
]
