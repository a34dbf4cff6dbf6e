// Small builders for the client's unit tests: views shaped like the contract, no personal data.
import type { Snapshot } from '../../../server/contract/realtime'
import type { EventView, ItemView, SegmentView } from '../../../server/contract/schemas'

export function item(overrides: Partial<ItemView> & { id: string }): ItemView {
  return {
    source: 'attendee',
    text: 'Une question ?',
    originalText: null,
    author: { source: 'attendee', anonymous: false, name: 'Camille', organisation: 'Commune test', xHandle: null, avatarUrl: null },
    url: null,
    contextText: null,
    postedAt: null,
    language: 'fr',
    status: 'pending',
    held: false,
    flags: [],
    similar: [],
    coAskers: [],
    dismissReason: null,
    segmentId: null,
    tags: [],
    votes: 0,
    rank: null,
    mergedInto: null,
    reply: null,
    version: 1,
    mine: false,
    voted: false,
    askerId: null,
    createdAt: '2020-05-19T13:05:00.000Z',
    updatedAt: '2020-05-19T13:05:00.000Z',
    onAirAt: null,
    answeredAt: null,
    ...overrides,
  }
}

export function segment(position: number, start: string, end: string, overrides: Partial<SegmentView> = {}): SegmentView {
  return {
    id: position + 100,
    position,
    title: `Séquence ${position + 1}`,
    kind: 'talk',
    plannedStart: start,
    plannedEnd: end,
    durationSeconds: (Date.parse(end) - Date.parse(start)) / 1000,
    speakers: [],
    wrapUpSeconds: [300, 60],
    overrun: 'push',
    minDurationSeconds: 0,
    ...overrides,
  }
}

/** The reference agenda: Tuesday 19 May 2020, Paris time (UTC+2). */
export const referenceSegments: SegmentView[] = [
  segment(0, '2020-05-19T15:00:00+02:00', '2020-05-19T15:45:00+02:00'),
  segment(1, '2020-05-19T15:45:00+02:00', '2020-05-19T16:15:00+02:00'),
  segment(2, '2020-05-19T16:15:00+02:00', '2020-05-19T17:00:00+02:00'),
  segment(3, '2020-05-19T17:00:00+02:00', '2020-05-19T17:30:00+02:00', { kind: 'qa' }),
]

export const event: EventView = {
  slug: 'webinaire-test',
  title: 'Webinaire de test',
  organiser: 'Organisateur',
  timeZone: 'Europe/Paris',
  date: '2020-05-19',
  plannedStart: '2020-05-19T15:00:00+02:00',
  plannedEnd: '2020-05-19T17:30:00+02:00',
  settings: { moderation: 'pre', anonymousAllowed: true, maxQuestionLength: 500, xQuery: null, flagWords: null },
  segments: referenceSegments,
  attendeeUrl: 'https://tribune.example/e/webinaire-test',
}

export function snapshot(seq: number, items: ItemView[], overrides: Partial<Snapshot> = {}): Snapshot {
  return {
    seq,
    role: 'moderator',
    attendeeId: null,
    event,
    items,
    clock: { speed: 1, commands: [] },
    messages: [],
    stats: {
      received: items.length,
      pending: 0,
      published: 0,
      answered: 0,
      merged: 0,
      withdrawn: 0,
      dismissed: { off_topic: 0, duplicate: 0, abusive: 0, other: 0 },
    },
    serverNow: '2020-05-19T13:10:00.000Z',
    ...overrides,
  }
}

export const at = (iso: string) => Date.parse(iso)
