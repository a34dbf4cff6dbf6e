// The Socket.IO contract: event names and payloads, shared by the server and every screen.
import type { ClockCommandInput, ClockLog, ClockView, ScreenInfo, ScreenReport, TimePing, TimePong } from './clock'
import type { ErrorBody } from './errors'
import type { AcknowledgeMessageInput, SendMessageInput, SpeakerMessage } from './messages'
import type { XStatus } from './x'
import type {
  AskInput,
  BulkModerateInput,
  BulkResult,
  EventView,
  ItemView,
  QueueStats,
  Role,
  SocketEditInput,
  SocketModerateInput,
  SocketReviseInput,
  SocketWithdrawInput,
  SyncInput,
  VoteInput,
  VoteResult,
} from './schemas'

/** What a change is: the same shape whether it arrives live or in a replay. */
export type ChangeBody =
  | { type: 'item.upsert'; item: ItemView }
  | { type: 'item.remove'; id: string }
  | { type: 'clock'; log: ClockLog }
  | { type: 'message'; message: SpeakerMessage }
  /** Coalesced (≤ 4 a second): vote counts by question id, and the transparent moderation counts. */
  | { type: 'tally'; votes: Record<string, number>; stats: QueueStats }
  /** The event or its settings changed. */
  | { type: 'event'; event: EventView }

/**
 * Every change carries the event's sequence number (the stream offset a reconnecting screen resumes from) and
 * `prev`, the number of the previous change this screen's channel carried: a screen whose last applied number
 * is below `prev` missed something and resyncs instead of applying. Moderators see every change (`prev` is
 * `seq − 1`); other screens see their audience's channel. An attendee also gets their own questions on a
 * private channel (`own: true`), with its own `prev`, alongside the public one.
 */
export type Change = ChangeBody & { seq: number; prev: number; own?: true }

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
  stats: QueueStats
  serverNow: string
}

export type SyncResult = { kind: 'changes'; seq: number; changes: Change[] } | { kind: 'snapshot'; snapshot: Snapshot }

export type Ack<T> = { ok: true; value: T } | { ok: false; error: ErrorBody }

export interface HandshakeAuth {
  slug: string
  token?: string
  lang?: 'fr' | 'en'
  /** Moderators: a name for the moderation log. */
  name?: string
}

export interface ServerToClientEvents {
  change: (change: Change) => void
  /** Moderators only: every connected screen with its clock offset and round trip (presence, not sequenced). */
  screens: (screens: ScreenInfo[]) => void
  /** Moderators only: the X source's health when it changes (not sequenced: a reconnecting screen GETs it). */
  'x.status': (status: XStatus) => void
}

export interface ClientToServerEvents {
  sync: (input: SyncInput, ack: (result: Ack<SyncResult>) => void) => void
  'question.ask': (input: AskInput, ack: (result: Ack<ItemView>) => void) => void
  'question.moderate': (input: SocketModerateInput, ack: (result: Ack<ItemView>) => void) => void
  'question.vote': (input: VoteInput, ack: (result: Ack<VoteResult>) => void) => void
  'question.edit': (input: SocketEditInput, ack: (result: Ack<ItemView>) => void) => void
  'question.bulk': (input: BulkModerateInput, ack: (result: Ack<BulkResult>) => void) => void
  /** The asker's own question while it awaits moderation: HTTP twins are …/revision and …/withdrawal. */
  'question.revise': (input: SocketReviseInput, ack: (result: Ack<ItemView>) => void) => void
  'question.withdraw': (input: SocketWithdrawInput, ack: (result: Ack<ItemView>) => void) => void
  'clock.command': (input: ClockCommandInput, ack: (result: Ack<ClockView>) => void) => void
  /** NTP-style probe: the ack carries the server's time; no payload validation beyond a number. */
  'message.send': (input: SendMessageInput, ack: (result: Ack<SpeakerMessage>) => void) => void
  'message.acknowledge': (input: AcknowledgeMessageInput, ack: (result: Ack<SpeakerMessage>) => void) => void
  'time.ping': (input: TimePing, ack: (result: Ack<TimePong>) => void) => void
  'screen.report': (input: ScreenReport, ack: (result: Ack<null>) => void) => void
}

/** How far behind a screen may be before it gets a snapshot instead of the missed changes. */
export const MAX_REPLAY = 500
