// Unit tests translate with every dictionary part registered, as if one page used them all; which parts each
// page really registers is checked by page-dictionaries.test.ts.
import { useMessages } from '../../../client/src/lib/i18n'
import { clockEn } from '../../../client/src/lib/messages.clock.en'
import { clockFr } from '../../../client/src/lib/messages.clock.fr'
import { en } from '../../../client/src/lib/messages.en'
import { fr } from '../../../client/src/lib/messages.fr'
import { organiserEn } from '../../../client/src/lib/messages.organiser.en'
import { organiserFr } from '../../../client/src/lib/messages.organiser.fr'
import { screensEn } from '../../../client/src/lib/messages.screens.en'
import { screensFr } from '../../../client/src/lib/messages.screens.fr'
import { xEn } from '../../../client/src/lib/messages.x.en'
import { xFr } from '../../../client/src/lib/messages.x.fr'

useMessages({ fr: [fr, clockFr, xFr, organiserFr, screensFr], en: [en, clockEn, xEn, organiserEn, screensEn] })
