// The moderation log as the régie lists it (pure): who did what to which question, and when.
import type { ItemStatus } from '../../../server/contract/schemas'
import type { MessageKey } from './i18n'

export interface LogEntry {
  at: string
  /** `moderator:Name`, `moderator`, `attendee:<id>`, `x`… as the server records it. */
  actor: string
  action: string
  fromStatus: string
  toStatus: string
  itemId: string
  detail: Record<string, unknown>
}

const text = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '')

/** Accepts the log as an array, or wrapped in `{ entries }` / `{ items }`; newest first. Anything unreadable is skipped. */
export function parseLog(payload: unknown): LogEntry[] {
  const record = typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {}
  const rows = Array.isArray(payload)
    ? payload
    : Array.isArray(record.entries)
      ? record.entries
      : Array.isArray(record.items)
        ? record.items
        : []
  const entries = rows.flatMap((row): LogEntry[] => {
    if (typeof row !== 'object' || row === null) return []
    const r = row as Record<string, unknown>
    const at = text(r.at ?? r.createdAt)
    const action = text(r.action)
    if (!at || !action) return []
    return [
      {
        at,
        actor: text(r.actor),
        action,
        fromStatus: text(r.fromStatus ?? r.from),
        toStatus: text(r.toStatus ?? r.to),
        itemId: text(r.itemId ?? r.item),
        detail: typeof r.detail === 'object' && r.detail !== null ? (r.detail as Record<string, unknown>) : {},
      },
    ]
  })
  return entries.sort((a, b) => b.at.localeCompare(a.at))
}

export type ActorKind = 'moderator' | 'named' | 'attendee' | 'system'

/** Who, readably: a moderator's name, « régie » for an unnamed moderator, « participant », or the actor as it is. */
export function actorOf(actor: string): { kind: ActorKind; name: string | null } {
  if (actor.startsWith('moderator:')) return { kind: 'named', name: actor.slice('moderator:'.length) }
  if (actor === 'moderator') return { kind: 'moderator', name: null }
  if (actor.startsWith('attendee')) return { kind: 'attendee', name: null }
  return { kind: 'system', name: actor || null }
}

const STATUSES: readonly string[] = [
  'pending',
  'approved',
  'on_air',
  'answered',
  'dismissed',
  'merged',
  'withdrawn',
] satisfies readonly ItemStatus[]

export function isStatus(value: string): value is ItemStatus {
  return STATUSES.includes(value)
}

/** Why an entry happened when it was not a moderator's own action on the card: « Terminer », the reset after a rehearsal. */
export function causeKeyOf(entry: Pick<LogEntry, 'detail'>): MessageKey | null {
  switch (entry.detail.cause) {
    case 'clock_end':
      return 'clock.logCause.clockEnd'
    case 'rehearsal_reset':
      return 'clock.logCause.rehearsalReset'
    default:
      return null
  }
}
