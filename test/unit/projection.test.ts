import { describe, expect, it } from 'vitest'
import { PUBLIC_ACCESS, type Access } from '../../server/auth/access'
import type { ItemStatus, ItemView } from '../../server/contract/schemas'
import { projectChange, type StoredChange } from '../../server/realtime/projection'

const owner = '11111111-1111-4111-8111-111111111111'
const ownerAccess: Access = { role: 'attendee', attendeeId: owner, actor: owner }
const otherAttendee: Access = { role: 'attendee', attendeeId: '22222222-2222-4222-8222-222222222222', actor: 'x' }
const moderator: Access = { role: 'moderator', attendeeId: null, actor: 'moderator' }
const speaker: Access = { role: 'speaker', attendeeId: null, actor: 'speaker' }

function change(status: ItemStatus, wasPublic: boolean, anonymous = false): Extract<StoredChange, { type: 'item' }> {
  const item: ItemView = {
    id: '33333333-3333-4333-8333-333333333333',
    source: 'attendee',
    text: 'Texte',
    originalText: 'Texte original',
    author: {
      source: 'attendee',
      anonymous,
      name: anonymous ? null : 'Alice',
      organisation: anonymous ? null : 'Ville',
      xHandle: null,
      avatarUrl: null,
    },
    url: null,
    contextText: null,
    postedAt: null,
    language: null,
    status,
    held: false,
    flags: ['profanity'],
    similar: [],
    coAskers: [],
    dismissReason: status === 'dismissed' ? 'abusive' : null,
    segmentId: null,
    tags: ['budget'],
    votes: 0,
    rank: null,
    mergedInto: null,
    reply: null,
    version: 2,
    mine: false,
    voted: false,
    askerId: owner,
    createdAt: '2020-05-19T13:00:00.000Z',
    updatedAt: '2020-05-19T13:00:00.000Z',
    onAirAt: null,
    answeredAt: null,
  }
  return { seq: 7, type: 'item', item, ownerId: owner, wasPublic }
}

describe('what each audience sees of a change', () => {
  it('moderators see everything, including the reason and the original text', () => {
    expect(projectChange(change('dismissed', false), moderator)).toMatchObject({
      type: 'item.upsert',
      item: { dismissReason: 'abusive', originalText: 'Texte original', tags: ['budget'] },
    })
  })

  it('a pending item reaches nobody but moderators and its author', () => {
    for (const viewer of [PUBLIC_ACCESS, otherAttendee, speaker]) expect(projectChange(change('pending', false), viewer)).toBeNull()
    expect(projectChange(change('pending', false), ownerAccess)).toMatchObject({
      item: { status: 'pending', mine: true, originalText: null },
    })
  })

  it('an item leaving the public lanes is removed from screens that had it', () => {
    expect(projectChange(change('merged', true), PUBLIC_ACCESS)).toEqual({
      type: 'item.remove',
      id: change('merged', true).item.id,
    })
    expect(projectChange(change('dismissed', false), otherAttendee)).toBeNull()
  })

  it('published items lose moderator-only fields, and anonymous askers stay anonymous', () => {
    const seen = projectChange(change('approved', false), PUBLIC_ACCESS)
    expect(seen).toMatchObject({ item: { originalText: null, dismissReason: null, tags: [], flags: [], askerId: null, mine: false } })
    const anonymous = projectChange(change('on_air', true, true), speaker)
    expect(anonymous).toMatchObject({ item: { author: { anonymous: true, name: null, organisation: null } } })
  })

  it('the agenda clock reaches every audience', () => {
    const clock: StoredChange = { seq: 9, type: 'clock', log: { speed: 60, commands: [{ type: 'start', at: 1 }] } }
    for (const viewer of [PUBLIC_ACCESS, otherAttendee, speaker, moderator]) {
      expect(projectChange(clock, viewer)).toEqual({ type: 'clock', log: clock.log })
    }
  })
})
