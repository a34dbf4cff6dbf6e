// The English dictionary parts of the report page, fetched when English is chosen (see messages.ts).
import type { MessageParts } from '../lib/i18n'
import { en } from '../lib/messages.en'
import { organiserEn } from '../lib/messages.organiser.en'

export const parts: MessageParts = [en, organiserEn]
