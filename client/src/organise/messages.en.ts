// The English dictionary parts of the organise page, fetched when English is chosen (see messages.ts).
import type { MessageParts } from '../lib/i18n'
import { clockEn } from '../lib/messages.clock.en'
import { en } from '../lib/messages.en'
import { organiserEn } from '../lib/messages.organiser.en'

export const parts: MessageParts = [en, organiserEn, clockEn]
