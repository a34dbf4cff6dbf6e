// The English dictionary parts of the stage page, fetched when English is chosen (see messages.ts).
import type { MessageParts } from '../lib/i18n'
import { clockEn } from '../lib/messages.clock.en'
import { en } from '../lib/messages.en'

export const parts: MessageParts = [en, clockEn]
