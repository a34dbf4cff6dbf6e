// The outbound port through which services announce committed changes. Services never touch sockets.
import type { StoredChange } from './projection'

export interface Broadcaster {
  publish(eventId: number, changes: StoredChange[]): void
}
