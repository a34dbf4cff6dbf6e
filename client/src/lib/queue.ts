// The question queue as one screen knows it: a pure fold of snapshots and sequenced changes.
import type { ClockLog } from '../../../server/contract/clock'
import type { SpeakerMessage } from '../../../server/contract/messages'
import type { Change, Snapshot, SyncResult } from '../../../server/contract/realtime'
import type { EventView, ItemStatus, ItemView, QueueStats, Role, VoteResult } from '../../../server/contract/schemas'
import { inLaneOrder, newestCreatedFirst } from '../../../server/moderation/lane-order'
import { PUBLIC_STATUSES, isVotable as isVotableStatus } from '../../../server/moderation/moderation.machine'

export interface QueueState {
  /**
   * Where this screen's channel stands: the last change it applied, or where its last sync ended; null until the
   * first snapshot. Everything its channel carried up to here has been applied.
   */
  seq: number | null
  /** The same for an attendee's private channel (their own questions); equal to `seq` after every sync. */
  ownSeq: number | null
  role: Role | null
  attendeeId: string | null
  event: EventView | null
  items: ReadonlyMap<string, ItemView>
  /** The agenda clock's command log, kept for the live clock; screens render the planned agenda for now. */
  clock: ClockLog | null
  /** Messages from the régie to the stage, oldest first (moderators and speakers only). */
  messages: readonly SpeakerMessage[]
  /** Server clock minus local clock when the snapshot arrived (a coarse estimate, latency ignored). */
  serverOffsetMs: number
  /** Transparent moderation counts. */
  stats: QueueStats | null
  /**
   * Attendees: the questions they upvoted. Seeded from the snapshot's `voted` flags (live upserts always carry
   * `voted: false`, so they never touch it) and updated from the attendee's own vote acknowledgements.
   */
  votedIds: ReadonlySet<string>
}

export function emptyQueue(): QueueState {
  return {
    seq: null,
    ownSeq: null,
    role: null,
    attendeeId: null,
    event: null,
    items: new Map(),
    clock: null,
    messages: [],
    serverOffsetMs: 0,
    stats: null,
    votedIds: new Set(),
  }
}

export function applySnapshot(_state: QueueState, snapshot: Snapshot, receivedAtMs: number = Date.now()): QueueState {
  const serverNow = Date.parse(snapshot.serverNow)
  return {
    seq: snapshot.seq,
    ownSeq: snapshot.seq,
    role: snapshot.role,
    attendeeId: snapshot.attendeeId,
    event: snapshot.event,
    items: new Map(snapshot.items.map((item) => [item.id, item])),
    clock: snapshot.clock ?? null,
    messages: sortMessages(snapshot.messages ?? []),
    serverOffsetMs: Number.isFinite(serverNow) ? serverNow - receivedAtMs : 0,
    stats: snapshot.stats ?? null,
    votedIds: new Set(snapshot.items.filter((item) => item.voted).map((item) => item.id)),
  }
}

/** Whether `incoming` may replace `current`: an older version never overwrites a newer one. */
function isNotOlder(current: ItemView | undefined, incoming: ItemView): boolean {
  return current === undefined || incoming.version >= current.version
}

/**
 * What to do with a change: apply it, drop it (already applied, or nothing to apply it to yet), or resync because
 * the channel carried something this screen has not applied (`prev` is beyond where the screen stands).
 */
export function verdict(state: QueueState, change: Change): 'apply' | 'stale' | 'gap' {
  const at = change.own ? state.ownSeq : state.seq
  if (at === null || change.seq <= at) return 'stale'
  return change.prev > at ? 'gap' : 'apply'
}

/** Applies one change of its channel (a stale one changes nothing); the caller has checked `verdict` for gaps. */
export function applyChange(state: QueueState, change: Change): QueueState {
  if (verdict(state, change) === 'stale') return state
  const moved: QueueState = change.own ? { ...state, ownSeq: change.seq } : { ...state, seq: change.seq }
  switch (change.type) {
    case 'clock':
      return { ...moved, clock: change.log }
    case 'message':
      return { ...moved, messages: upsertMessage(state.messages, change.message) }
    case 'event':
      return { ...moved, event: change.event }
    case 'tally':
      return { ...moved, stats: change.stats, items: withVotes(state.items, change.votes) }
    case 'item.upsert': {
      const current = state.items.get(change.item.id)
      if (!isNotOlder(current, change.item)) return moved
      const items = new Map(state.items)
      // The public copy of one's own question arrives before its private twin and cannot know whose it is: a
      // question stays the asker's.
      items.set(change.item.id, current?.mine && !change.item.mine ? { ...change.item, mine: true } : change.item)
      return { ...moved, items }
    }
    case 'item.remove': {
      const items = new Map(state.items)
      items.delete(change.id)
      return { ...moved, items }
    }
    default:
      change satisfies never
      return state
  }
}

/** Where a resync starts: the channel that stands furthest behind. */
export function resumeFrom(state: QueueState): number | null {
  if (state.seq === null || state.ownSeq === null) return null
  return Math.min(state.seq, state.ownSeq)
}

/** Vote counts arrive coalesced and carry no version: they replace the count only. */
function withVotes(items: ReadonlyMap<string, ItemView>, votes: Record<string, number>): ReadonlyMap<string, ItemView> {
  const ids = Object.keys(votes).filter((id) => items.has(id))
  if (ids.length === 0) return items
  const next = new Map(items)
  for (const id of ids) next.set(id, { ...next.get(id)!, votes: votes[id]! })
  return next
}

function sortMessages(messages: readonly SpeakerMessage[]): SpeakerMessage[] {
  return [...messages].sort((a, b) => a.sentAt.localeCompare(b.sentAt) || a.id.localeCompare(b.id))
}

function upsertMessage(messages: readonly SpeakerMessage[], message: SpeakerMessage): SpeakerMessage[] {
  return sortMessages([...messages.filter((candidate) => candidate.id !== message.id), message])
}

export function applyChanges(state: QueueState, changes: readonly Change[]): QueueState {
  return changes.reduce(applyChange, state)
}

/** A sync answer: a snapshot replaces everything; missed changes are applied in order, then the offset moves to `seq`. */
export function applySync(state: QueueState, result: SyncResult, receivedAtMs: number = Date.now()): QueueState {
  switch (result.kind) {
    case 'snapshot':
      return applySnapshot(state, result.snapshot, receivedAtMs)
    case 'changes': {
      if (state.seq === null) return state
      // A replay is complete by construction: each channel is applied where it stands, then both move to its end.
      const next = applyChanges(state, result.changes)
      return { ...next, seq: Math.max(next.seq ?? 0, result.seq), ownSeq: Math.max(next.ownSeq ?? 0, result.seq) }
    }
    default:
      result satisfies never
      return state
  }
}

/**
 * An item returned by an acknowledgement, applied before its broadcast arrives so the screen answers at once.
 * It carries no sequence number, so only its version decides; the sequence offset is left alone.
 */
export function applyItem(state: QueueState, item: ItemView): QueueState {
  if (state.seq === null || !isNotOlder(state.items.get(item.id), item)) return state
  const items = new Map(state.items)
  items.set(item.id, item)
  return { ...state, items }
}

/** The attendee's own vote, acknowledged: the count it returned and whether they now support the question. */
export function applyVote(state: QueueState, result: VoteResult): QueueState {
  const votedIds = new Set(state.votedIds)
  if (result.voted) votedIds.add(result.id)
  else votedIds.delete(result.id)
  const current = state.items.get(result.id)
  if (!current) return { ...state, votedIds }
  const items = new Map(state.items)
  items.set(result.id, { ...current, votes: result.votes })
  return { ...state, items, votedIds }
}

// ---- Selectors ----

export function itemsByStatus(items: ReadonlyMap<string, ItemView>, status: ItemStatus): ItemView[] {
  return inLaneOrder(items.values(), status)
}

export function countByStatus(items: ReadonlyMap<string, ItemView>): Record<ItemStatus, number> {
  const counts: Record<ItemStatus, number> = { pending: 0, approved: 0, on_air: 0, answered: 0, dismissed: 0, merged: 0, withdrawn: 0 }
  for (const item of items.values()) counts[item.status] += 1
  return counts
}

/** What the audience sees: the question on air, then the answer queue, then those already answered. */
export function publishedItems(items: ReadonlyMap<string, ItemView>): ItemView[] {
  return PUBLIC_STATUSES.flatMap((status) => itemsByStatus(items, status))
}

/** The caller's own questions, newest first. */
export function myItems(items: ReadonlyMap<string, ItemView>): ItemView[] {
  return [...items.values()].filter((item) => item.mine).sort(newestCreatedFirst)
}

/** Questions the audience may still support: published and not answered yet. */
export function isVotable(item: ItemView): boolean {
  return isVotableStatus(item.status)
}

export type PublishedSort = 'popular' | 'recent'

/** The answer queue as the audience browses it: most supported first, or newest first. */
export function sortPublished(items: readonly ItemView[], sort: PublishedSort): ItemView[] {
  const recent = newestCreatedFirst
  return [...items].sort(sort === 'popular' ? (a, b) => b.votes - a.votes || recent(a, b) : recent)
}

/** How many people asked it: the asker plus those whose questions were merged into it. */
export function askerCount(item: Pick<ItemView, 'coAskers'>): number {
  return 1 + item.coAskers.length
}

export function onAirItem(items: ReadonlyMap<string, ItemView>): ItemView | null {
  return itemsByStatus(items, 'on_air')[0] ?? null
}
