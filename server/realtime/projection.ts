// What each audience may see of a change (pure). Live delivery and replay both go through here.
import type { Access } from '../auth/access'
import type { ClockLog } from '../contract/clock'
import type { SpeakerMessage } from '../contract/messages'
import type { ChangeBody } from '../contract/realtime'
import type { EventView, ItemView, QueueStats } from '../contract/schemas'
import { isPublic } from '../moderation/moderation.machine'

/** A change as stored: the moderators' full view plus what projection needs (owner, previous visibility). */
export type StoredChangeBody =
  | { type: 'item'; item: ItemView; ownerId: string | null; wasPublic: boolean }
  | { type: 'clock'; log: ClockLog }
  | { type: 'message'; message: SpeakerMessage }
  | { type: 'tally'; votes: Record<string, number>; stats: QueueStats }
  | { type: 'event'; event: EventView }
  /**
   * Credentials changed (role links rotated, or one attendee's access revoked). Nobody is shown it: delivery
   * checks the sockets that joined with the old credentials before it delivers anything after it.
   */
  | { type: 'access'; attendeeId: string | null }
export type StoredChange = StoredChangeBody & { seq: number }

/** The item as `viewer` may see it, or null when they may not see it at all. */
export function projectItem(item: ItemView, ownerId: string | null, viewer: Access): ItemView | null {
  if (viewer.role === 'moderator') return item
  const mine = viewer.attendeeId !== null && viewer.attendeeId === ownerId
  if (!mine && !isPublic(item.status)) return null
  return {
    ...item,
    originalText: null,
    dismissReason: null,
    tags: [],
    held: false,
    flags: [],
    similar: [],
    askerId: null,
    mine,
    // An anonymous asker stays anonymous to everyone but the moderators.
    author: publicAuthor(item.author),
    coAskers: item.coAskers.map(publicAuthor),
  }
}

function publicAuthor(author: ItemView['author']): ItemView['author'] {
  return author.anonymous ? { ...author, name: null, organisation: null } : author
}

/** What `viewer` is told of a change, or null when it is none of their business. */
export function projectChange(change: StoredChangeBody, viewer: Access): ChangeBody | null {
  switch (change.type) {
    case 'item': {
      const item = projectItem(change.item, change.ownerId, viewer)
      if (item) return { type: 'item.upsert', item }
      // Someone who could see it before must be told it is gone; nobody else hears of it.
      return change.wasPublic ? { type: 'item.remove', id: change.item.id } : null
    }
    case 'clock':
      // The agenda clock is public: every screen shows it.
      return { type: 'clock', log: change.log }
    case 'event':
      // The public event and its settings (length limit, anonymity…): every screen adjusts at once.
      return { type: 'event', event: change.event }
    case 'tally':
      // Vote counts of published questions and the public moderation counts.
      return { type: 'tally', votes: change.votes, stats: change.stats }
    case 'message':
      // Between the control room and the stage only.
      return viewer.role === 'moderator' || viewer.role === 'speaker' ? { type: 'message', message: change.message } : null
    case 'access':
      return null
    default:
      change satisfies never
      return null
  }
}

/** The owner of a change's private channel: the attendee who asked the question, if any. */
export function ownerOf(change: StoredChangeBody): string | null {
  return change.type === 'item' ? change.ownerId : null
}
