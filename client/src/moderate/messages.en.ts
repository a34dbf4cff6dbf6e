// The English dictionary parts of the moderate page, fetched when English is chosen (see messages.ts).
import type { MessageParts } from '../lib/i18n'
import { clockEn } from '../lib/messages.clock.en'
import { en } from '../lib/messages.en'
import { screensEn } from '../lib/messages.screens.en'
import { xEn } from '../lib/messages.x.en'

export const parts: MessageParts = [en, screensEn, xEn, clockEn]
