// Who is calling: a role from the token presented for an event.
import { and, eq } from 'drizzle-orm'
import type { Db } from '../../db/connect'
import { attendees } from '../../db/schema'
import type { JoinInput, JoinResult, Role } from '../contract/schemas'
import { AppError } from '../errors'
import type { RateLimiter } from '../limits/rate-limiter'
import type { EventRow } from '../events/events.repository'
import { cleanText } from '../contract/text'
import { hashSecret, newSecret, sameHash } from './secrets'

export interface Access {
  role: Role
  attendeeId: string | null
  /** Who, for the moderation log: never the secret itself. */
  actor: string
  /** The client's address, for per-address rate limits; null when not over the network. */
  ip?: string | null
}

export const PUBLIC_ACCESS: Access = { role: 'public', attendeeId: null, actor: 'public' }

export interface CallerInfo {
  ip?: string | null
  /** A moderator's self-declared name, so the log can tell two moderators apart. */
  name?: string | null
}

/** Tokens handed out by this process's `join` that it still remembers (see `joinedHere`). */
const JOINED_KEPT = 20_000

export class AccessService {
  /**
   * Tokens this process handed out (their stored form → the attendee and event): the page that joined connects
   * at once, most often to the same process, and a join storm need not look each one up again. A public join is
   * never revoked on its own; `forget` covers it if one ever is, and the oldest go first past JOINED_KEPT.
   */
  private readonly joinedHere = new Map<string, { attendeeId: string; eventId: number }>()

  constructor(
    private readonly db: Db,
    private readonly limiter: RateLimiter,
  ) {}

  /** No token: the public audience. A token that matches nothing is refused rather than downgraded. */
  resolve(event: EventRow, token: string | null, caller: CallerInfo = {}): Promise<Access> {
    return this.resolveHash(event, token ? hashSecret(token) : null, caller)
  }

  /** The same from the token's stored form (SHA-256), which is all a long-lived connection keeps. */
  async resolveHash(event: EventRow, credential: string | null, caller: CallerInfo = {}): Promise<Access> {
    const ip = caller.ip ?? null
    if (!credential) return { ...PUBLIC_ACCESS, ip }
    if (sameHash(credential, event.moderatorSecretHash)) {
      const name = cleanText(caller.name ?? '', { max: 60 }).slice(0, 60) || null
      return { role: 'moderator', attendeeId: null, actor: name ? `moderator:${name}` : 'moderator', ip }
    }
    if (sameHash(credential, event.speakerSecretHash)) return { role: 'speaker', attendeeId: null, actor: 'speaker', ip }
    const joined = this.joinedHere.get(credential)
    if (joined && joined.eventId === event.id)
      return { role: 'attendee', attendeeId: joined.attendeeId, actor: `attendee:${joined.attendeeId}`, ip }
    const [attendee] = await this.db
      .select({ id: attendees.id })
      .from(attendees)
      .where(and(eq(attendees.tokenHash, credential), eq(attendees.eventId, event.id)))
      .limit(1)
    if (attendee) return { role: 'attendee', attendeeId: attendee.id, actor: `attendee:${attendee.id}`, ip }
    throw new AppError('forbidden')
  }

  /** Blocking an asker holds their new questions for a moderator; nothing they sent before is touched. */
  async setBlocked(event: EventRow, access: Access, attendeeId: string, blocked: boolean): Promise<void> {
    requireRole(access, 'moderator')
    const updated = await this.db
      .update(attendees)
      .set({ blocked })
      .where(and(eq(attendees.eventId, event.id), eq(attendees.id, attendeeId)))
      .returning({ id: attendees.id })
    if (updated.length === 0) throw new AppError('not_found')
  }

  async isBlocked(attendeeId: string): Promise<boolean> {
    const [row] = await this.db.select({ blocked: attendees.blocked }).from(attendees).where(eq(attendees.id, attendeeId))
    return row?.blocked ?? false
  }

  /** A new attendee identity: limited per address, since each one brings its own allowance of questions. */
  async join(event: EventRow, input: JoinInput, ip: string | null): Promise<JoinResult> {
    await this.limiter.take('join', null, ip)
    const token = newSecret()
    const tokenHash = hashSecret(token)
    const [row] = await this.db
      .insert(attendees)
      .values({
        eventId: event.id,
        tokenHash,
        displayName: cleanText(input.displayName ?? '', { max: 80 }) || null,
        organisation: cleanText(input.organisation ?? '', { max: 120 }) || null,
      })
      .returning({ id: attendees.id })
    this.joinedHere.set(tokenHash, { attendeeId: row!.id, eventId: event.id })
    if (this.joinedHere.size > JOINED_KEPT) this.joinedHere.delete(this.joinedHere.keys().next().value!)
    return { attendeeId: row!.id, token }
  }

  /** An attendee's access was revoked: no token of theirs is taken from memory any more. */
  forget(attendeeId: string): void {
    for (const [credential, joined] of this.joinedHere) if (joined.attendeeId === attendeeId) this.joinedHere.delete(credential)
  }
}

export function requireRole(access: Access, ...roles: Role[]): void {
  if (roles.includes(access.role)) return
  throw new AppError(access.role === 'public' ? 'unauthorized' : 'forbidden')
}
