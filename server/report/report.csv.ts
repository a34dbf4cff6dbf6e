// The report and the « suivi écrit » as spreadsheets, in the moderation export's convention (one cell rule: export.ts).
import type { Report } from '../contract/report'
import type { Lang } from '../contract/schemas'
import { type Cell, csvTable } from '../export/export'

const WORDS = {
  fr: {
    report: 'Bilan du webinaire',
    agenda: ['séquence', 'titre', 'début prévu', 'fin prévue', 'début réel', 'fin réelle', 'écart au début (min)', 'dépassement (min)'],
    questions: [
      'question',
      'source',
      'statut',
      'séquence',
      'auteur',
      'soutiens',
      'posée par',
      'posée à',
      'à l’antenne à',
      'répondue à',
      'attente (s)',
      'réponse (s)',
      'réponse écrite',
    ],
    attendance: [
      'public',
      'inscrits',
      'acceptés',
      'invités',
      'venus par leur lien',
      'venus par le lien public',
      'ont posé une question',
      'ont soutenu',
    ],
    followUp: ['question', 'soutiens', 'posée par', 'séquence', 'auteur', 'e-mails (inscrits ayant accepté le suivi écrit)'],
    sections: {
      agenda: 'Programme prévu et réel',
      questions: 'Questions',
      attendance: 'Participation',
      peak: 'Pic de connexions simultanées',
    },
  },
  en: {
    report: 'Webinar report',
    agenda: ['segment', 'title', 'planned start', 'planned end', 'actual start', 'actual end', 'start delta (min)', 'overrun (min)'],
    questions: [
      'question',
      'source',
      'status',
      'segment',
      'author',
      'upvotes',
      'asked by',
      'asked at',
      'on air at',
      'answered at',
      'wait (s)',
      'answer (s)',
      'written reply',
    ],
    attendance: [
      'audience',
      'registered',
      'approved',
      'invited',
      'joined with own link',
      'joined with public link',
      'asked a question',
      'upvoted',
    ],
    followUp: ['question', 'upvotes', 'asked by', 'segment', 'author', 'e-mails (registrants who accepted a written follow-up)'],
    sections: { agenda: 'Agenda planned and actual', questions: 'Questions', attendance: 'Attendance', peak: 'Peak concurrent attendees' },
  },
} as const

const minutes = (seconds: number | null) => (seconds === null ? null : Math.round(seconds / 6) / 10)

/** Sections one under the other, each with its own header row, separated by an empty row. */
export function reportCsv(report: Report, lang: Lang): string {
  const w = WORDS[lang]
  const rows: Cell[][] = [
    [w.sections.agenda],
    [...w.agenda],
    ...report.agenda.segments.map((s) => [
      s.position + 1,
      s.title,
      s.plannedStart,
      s.plannedEnd,
      s.actualStart,
      s.actualEnd,
      minutes(s.startDeltaSeconds),
      minutes(s.overrunSeconds),
    ]),
    [],
    [w.sections.questions],
    [...w.questions],
    ...[...report.questions.answered, ...report.questions.unanswered].map((q) => [
      q.text,
      q.source,
      q.status,
      q.segment === null ? null : q.segment + 1,
      q.author,
      q.votes,
      q.askedBy,
      q.askedAt,
      q.onAirAt,
      q.answeredAt,
      q.waitSeconds,
      q.answerSeconds,
      q.reply,
    ]),
    [],
    [w.sections.attendance],
    [...w.attendance],
    ...report.attendance.rows.map((r) => [
      r.group,
      r.registered,
      r.approved,
      r.invited,
      r.joinedPersonal,
      r.joinedPublic,
      r.asked,
      r.voted,
    ]),
    [],
    [w.sections.peak, report.attendance.peak?.attendees ?? 0, report.attendance.peak?.at ?? null],
  ]
  return csvTable([w.report, report.event.title], rows)
}

export interface FollowUpRow {
  text: string
  votes: number
  askedBy: number
  segment: number | null
  author: string | null
  emails: string[]
}

export function followUpCsv(rows: readonly FollowUpRow[], lang: Lang): string {
  return csvTable(
    WORDS[lang].followUp,
    rows.map((r) => [r.text, r.votes, r.askedBy, r.segment === null ? null : r.segment + 1, r.author, r.emails.join(', ')]),
  )
}
