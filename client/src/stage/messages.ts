// The dictionary parts the stage page registers (one module per part, so that the page's chunks carry no other
// part): test/unit/client/page-dictionaries.test.ts checks that they hold every key its modules name.
import { clockEn } from '../lib/messages.clock.en'
import { clockFr } from '../lib/messages.clock.fr'
import { en } from '../lib/messages.en'
import { fr } from '../lib/messages.fr'

export const stageMessages = [
  { fr, en },
  { fr: clockFr, en: clockEn },
]
