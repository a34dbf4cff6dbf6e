// The events as the sockets of this process last read them. Thousands of attendees voting or connecting within
// seconds would otherwise read the same event row and agenda once per action; here they share one read a second.
// Whatever changes the event is a sequenced change (`event`, or `access` for its links), and this process's feed
// forgets the copy when it delivers one; the age limit bounds anything else (a copy is at most a second old).
import type { EventContext, EventsService } from './events.service'

/** How long a copy serves socket actions at most. */
const FRESH_MS = 1000

export class RecentEvents {
  private readonly copies = new Map<string, { at: number; context: Promise<EventContext>; eventId: number | null }>()

  constructor(
    private readonly events: Pick<EventsService, 'load'>,
    private readonly now: () => number = () => performance.now(),
  ) {}

  load(slug: string): Promise<EventContext> {
    const at = this.now()
    const copy = this.copies.get(slug)
    if (copy && at - copy.at < FRESH_MS) return copy.context
    const context = this.events.load(slug)
    const entry = { at, context, eventId: null as number | null }
    this.copies.set(slug, entry)
    context.then(
      ({ event }) => void (entry.eventId = event.id),
      // A failed read (unknown slug, database away) is not kept: the next caller asks again.
      () => void (this.copies.get(slug) === entry && this.copies.delete(slug)),
    )
    return context
  }

  /** The event changed (its settings, agenda or links): the next action reads it afresh. */
  forget(eventId: number): void {
    // A read still in flight may have started before the change: it goes too.
    for (const [slug, copy] of this.copies) if (copy.eventId === eventId || copy.eventId === null) this.copies.delete(slug)
  }
}
