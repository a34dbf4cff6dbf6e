// Who is calling: a role from the token presented for an event.
import { and, eq } from 'drizzle-orm'
import type { Db } from '../../db/connect'
import { attendees } from '../../db/schema'
import type { JoinInput, JoinResult, Role } from '../contract/schemas'
import { AppError } from '../errors'
import type { EventRow } from '../events/events.repository'
import { normaliseLabel } from '../questions/question-text'
import { hashSecret, matchesHash, newSecret } from './secrets'

export interface Access {
  role: Role
  attendeeId: string | null
  /** A short label for logs: never the secret itself. */
  actor: string
}

export const PUBLIC_ACCESS: Access = { role: 'public', attendeeId: null, actor: 'public' }

export class AccessService {
  constructor(private readonly db: Db) {}

  /** No token: the public audience. A token that matches nothing is refused rather than downgraded. */
  async resolve(event: EventRow, token: string | null): Promise<Access> {
    if (!token) return PUBLIC_ACCESS
    if (matchesHash(token, event.moderatorSecretHash)) return { role: 'moderator', attendeeId: null, actor: 'moderator' }
    if (matchesHash(token, event.speakerSecretHash)) return { role: 'speaker', attendeeId: null, actor: 'speaker' }
    const [attendee] = await this.db
      .select({ id: attendees.id })
      .from(attendees)
      .where(and(eq(attendees.tokenHash, hashSecret(token)), eq(attendees.eventId, event.id)))
      .limit(1)
    if (attendee) return { role: 'attendee', attendeeId: attendee.id, actor: `attendee:${attendee.id}` }
    throw new AppError('forbidden')
  }

  async join(event: EventRow, input: JoinInput): Promise<JoinResult> {
    const token = newSecret()
    const [row] = await this.db
      .insert(attendees)
      .values({
        eventId: event.id,
        tokenHash: hashSecret(token),
        displayName: normaliseLabel(input.displayName),
        organisation: normaliseLabel(input.organisation),
      })
      .returning({ id: attendees.id })
    return { attendeeId: row!.id, token }
  }
}

export function requireRole(access: Access, ...roles: Role[]): void {
  if (roles.includes(access.role)) return
  throw new AppError(access.role === 'public' ? 'unauthorized' : 'forbidden')
}
