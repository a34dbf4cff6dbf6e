// The dictionary parts the moderate page registers (one module per part, so that the page's chunks carry no other
// part): test/unit/client/page-dictionaries.test.ts checks that they hold every key its modules name.
import { clockEn } from '../lib/messages.clock.en'
import { clockFr } from '../lib/messages.clock.fr'
import { en } from '../lib/messages.en'
import { fr } from '../lib/messages.fr'
import { screensEn } from '../lib/messages.screens.en'
import { screensFr } from '../lib/messages.screens.fr'
import { xEn } from '../lib/messages.x.en'
import { xFr } from '../lib/messages.x.fr'

export const moderateMessages = [
  { fr, en },
  { fr: screensFr, en: screensEn },
  { fr: xFr, en: xEn },
  { fr: clockFr, en: clockEn },
]
