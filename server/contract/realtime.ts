// The Socket.IO contract: event names and payloads, shared by the server and every screen.
import type { ClockCommandInput, ClockLog, ClockView, ScreenInfo, ScreenReport, TimePing, TimePong } from './clock'
import type { ErrorBody } from './errors'
import type { AcknowledgeMessageInput, SendMessageInput, SpeakerMessage } from './messages'
import type { AskInput, EventView, ItemView, Role, SocketModerateInput, SyncInput } from './schemas'

/** Every state change carries the event's sequence number: the stream offset a reconnecting screen resumes from. */
export type Change =
  | { seq: number; type: 'item.upsert'; item: ItemView }
  | { seq: number; type: 'item.remove'; id: string }
  | { seq: number; type: 'clock'; log: ClockLog }
  | { seq: number; type: 'message'; message: SpeakerMessage }

export interface Snapshot {
  seq: number
  role: Role
  attendeeId: string | null
  event: EventView
  /** What this role may see: moderators everything, others published items plus their own. */
  items: ItemView[]
  clock: ClockLog
  /** Moderators and speakers: the latest messages to the stage. Empty for everyone else. */
  messages: SpeakerMessage[]
  serverNow: string
}

export type SyncResult = { kind: 'changes'; seq: number; changes: Change[] } | { kind: 'snapshot'; snapshot: Snapshot }

export type Ack<T> = { ok: true; value: T } | { ok: false; error: ErrorBody }

export interface HandshakeAuth {
  slug: string
  token?: string
  lang?: 'fr' | 'en'
}

export interface ServerToClientEvents {
  change: (change: Change) => void
  /** Moderators only: every connected screen with its clock offset and round trip (presence, not sequenced). */
  screens: (screens: ScreenInfo[]) => void
}

export interface ClientToServerEvents {
  sync: (input: SyncInput, ack: (result: Ack<SyncResult>) => void) => void
  'question.ask': (input: AskInput, ack: (result: Ack<ItemView>) => void) => void
  'question.moderate': (input: SocketModerateInput, ack: (result: Ack<ItemView>) => void) => void
  'clock.command': (input: ClockCommandInput, ack: (result: Ack<ClockView>) => void) => void
  /** NTP-style probe: the ack carries the server's time; no payload validation beyond a number. */
  'message.send': (input: SendMessageInput, ack: (result: Ack<SpeakerMessage>) => void) => void
  'message.acknowledge': (input: AcknowledgeMessageInput, ack: (result: Ack<SpeakerMessage>) => void) => void
  'time.ping': (input: TimePing, ack: (result: Ack<TimePong>) => void) => void
  'screen.report': (input: ScreenReport, ack: (result: Ack<null>) => void) => void
}

/** How far behind a screen may be before it gets a snapshot instead of the missed changes. */
export const MAX_REPLAY = 500
