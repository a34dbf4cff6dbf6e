// The registrations as a spreadsheet, in the moderation export's convention (semicolons, byte-order mark, no formulas).
import type { RegistrationView } from '../contract/registration'
import type { Lang } from '../contract/schemas'
import { type Cell, csvTable } from '../export/export'

const HEADERS: Record<Lang, string[]> = {
  fr: [
    'nom',
    'e-mail',
    'organisme',
    'type d’organisme',
    'fonction',
    'langue',
    'statut',
    'public prioritaire',
    'suivi écrit accepté',
    'inscrit le',
    'décision le',
    'invitation',
    'invitation envoyée le',
    'venu par son lien',
  ],
  en: [
    'name',
    'e-mail',
    'organisation',
    'organisation type',
    'job title',
    'language',
    'status',
    'priority audience',
    'written follow-up accepted',
    'registered at',
    'decided at',
    'invitation',
    'invitation sent at',
    'joined with own link',
  ],
}

export function registrationsCsv(rows: readonly RegistrationView[], lang: Lang): string {
  return csvTable(
    HEADERS[lang],
    rows.map((r): Cell[] => [
      r.name,
      r.email,
      r.organisation,
      r.organisationType,
      r.jobTitle,
      r.lang,
      r.status,
      r.priority,
      r.contactConsent,
      r.createdAt,
      r.decidedAt,
      r.invitation,
      r.invitedAt,
      r.joined,
    ]),
  )
}
