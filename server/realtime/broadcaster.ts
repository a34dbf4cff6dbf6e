// The outbound port through which services announce committed changes. Services never touch sockets.
import type { StoredChange } from './projection'

export interface Broadcaster {
  publish(eventId: number, changes: StoredChange[]): void
}

/** Records what was published: for services used without a socket server (CLI, unit tests). */
export class RecordingBroadcaster implements Broadcaster {
  readonly published: { eventId: number; change: StoredChange }[] = []
  publish(eventId: number, changes: StoredChange[]): void {
    for (const change of changes) this.published.push({ eventId, change })
  }
}
