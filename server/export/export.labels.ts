// The export's words in French and English: column headers and the values a person reads (pure).
// A missing translation fails to compile; the JSON export keeps the stable codes instead.
import type { DismissReason, ItemSource, ItemStatus, Lang } from '../contract/schemas'
import { STATUS_EN, STATUS_FR } from '../i18n/messages'

export type Column =
  | 'id'
  | 'createdAt'
  | 'source'
  | 'status'
  | 'dismissReason'
  | 'votes'
  | 'askedBy'
  | 'anonymous'
  | 'name'
  | 'organisation'
  | 'xHandle'
  | 'url'
  | 'text'
  | 'originalText'
  | 'reply'
  | 'tags'
  | 'segment'
  | 'flags'
  | 'held'
  | 'mergedInto'
  | 'onAirAt'
  | 'answeredAt'

export interface ExportWords {
  columns: Record<Column, string>
  status: Record<ItemStatus, string>
  source: Record<ItemSource, string>
  reason: Record<DismissReason, string>
  yes: string
  no: string
}

export const EXPORT_WORDS: Record<Lang, ExportWords> = {
  fr: {
    columns: {
      id: 'Identifiant',
      createdAt: 'Posée le',
      source: 'Source',
      status: 'Statut',
      dismissReason: 'Motif d’écartement',
      votes: 'Soutiens',
      askedBy: 'Posée par (personnes)',
      anonymous: 'Anonyme',
      name: 'Nom',
      organisation: 'Collectivité ou organisme',
      xHandle: 'Compte X',
      url: 'Lien',
      text: 'Question',
      originalText: 'Texte d’origine',
      reply: 'Réponse publique',
      tags: 'Étiquettes',
      segment: 'Séquence',
      flags: 'Signalements',
      held: 'Retenue',
      mergedInto: 'Fusionnée avec',
      onAirAt: 'À l’antenne le',
      answeredAt: 'Répondue le',
    },
    status: STATUS_FR,
    source: { attendee: 'participant', x: 'X', manual: 'saisie manuelle' },
    reason: { off_topic: 'hors sujet', duplicate: 'doublon', abusive: 'abusive', other: 'autre' },
    yes: 'oui',
    no: 'non',
  },
  en: {
    columns: {
      id: 'ID',
      createdAt: 'Asked at',
      source: 'Source',
      status: 'Status',
      dismissReason: 'Dismissal reason',
      votes: 'Upvotes',
      askedBy: 'Asked by (people)',
      anonymous: 'Anonymous',
      name: 'Name',
      organisation: 'Organisation',
      xHandle: 'X account',
      url: 'Link',
      text: 'Question',
      originalText: 'Original text',
      reply: 'Public reply',
      tags: 'Tags',
      segment: 'Segment',
      flags: 'Flags',
      held: 'Held',
      mergedInto: 'Merged into',
      onAirAt: 'On air at',
      answeredAt: 'Answered at',
    },
    status: STATUS_EN,
    source: { attendee: 'attendee', x: 'X', manual: 'manual' },
    reason: { off_topic: 'off topic', duplicate: 'duplicate', abusive: 'abusive', other: 'other' },
    yes: 'yes',
    no: 'no',
  },
}
