import type { TweetV2, UserV2 } from 'twitter-api-v2'
import { describe, expect, it } from 'vitest'
import { cursorAfter } from '../../server/x/x.intake'
import {
  capPlan,
  capWindow,
  compareIds,
  containsKeyword,
  judge,
  mapPage,
  mapPost,
  newerId,
  parsePostUrl,
  verdictFields,
} from '../../server/x/x.ingest'

const users: UserV2[] = [{ id: 'u1', username: 'Ville_Exemple', name: 'Ville exemple', profile_image_url: 'https://img.example/v.png' }]
const byUser = new Map(users.map((u) => [u.id, u]))
const post = (over: Partial<TweetV2> = {}): TweetV2 => ({
  id: '1262750000000004096',
  text: 'Comment financer la coopération ? #CNCD',
  author_id: 'u1',
  created_at: '2020-05-19T13:05:00.000Z',
  lang: 'fr',
  edit_history_tweet_ids: [],
  ...over,
})
const noRules = { trustedHandles: [], blockedHandles: [], blockedKeywords: [] }

describe('mapping an X post to a queue item', () => {
  it('keeps the author (the handle as X spells it), time, language and a link built from the handle', () => {
    expect(mapPost(post(), byUser, new Map())).toEqual({
      postId: '1262750000000004096',
      handle: 'Ville_Exemple',
      name: 'Ville exemple',
      avatarUrl: 'https://img.example/v.png',
      text: 'Comment financer la coopération ? #CNCD',
      contextText: null,
      postedAt: new Date('2020-05-19T13:05:00.000Z'),
      language: 'fr',
      url: 'https://x.com/Ville_Exemple/status/1262750000000004096',
    })
  })

  it('takes the whole text of a long post from note_tweet, and undoes X’s escaping', () => {
    const whole = `${'Une longue question sur les jumelages. '.repeat(9)}Fin & <suite>`
    const mapped = mapPost(
      post({
        text: `${whole.slice(0, 279)}…`,
        note_tweet: { text: whole.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;') },
      }),
      byUser,
      new Map(),
    )
    expect(mapped?.text).toBe(whole.trim())
    expect(mapped!.text.length).toBeGreaterThan(280)
  })

  it('skips reposts, and keeps the quoted or replied-to post as context', () => {
    const quoted = post({ id: '1', text: 'Le texte cité' })
    expect(mapPost(post({ referenced_tweets: [{ type: 'retweeted', id: '1' }] }), byUser, new Map([['1', quoted]]))).toBeNull()
    expect(mapPost(post({ referenced_tweets: [{ type: 'quoted', id: '1' }] }), byUser, new Map([['1', quoted]]))?.contextText).toBe(
      'Le texte cité',
    )
    expect(mapPost(post({ referenced_tweets: [{ type: 'replied_to', id: '1' }] }), byUser, new Map([['1', quoted]]))?.contextText).toBe(
      'Le texte cité',
    )
    expect(mapPost(post({ referenced_tweets: [{ type: 'replied_to', id: '9' }] }), byUser, new Map())?.contextText).toBeNull()
  })

  it('survives a missing author and undetermined language', () => {
    const mapped = mapPost(post({ author_id: 'gone', lang: 'und' }), byUser, new Map())
    expect(mapped).toMatchObject({
      handle: null,
      name: null,
      avatarUrl: null,
      language: null,
      url: 'https://x.com/i/status/1262750000000004096',
    })
    expect(mapPost(post({ lang: 'qme' }), byUser, new Map())?.language).toBeNull()
  })

  it('maps a page oldest first, once per post, without reposts or empty posts', () => {
    const page = [
      post({ id: '30' }),
      post({ id: '20', referenced_tweets: [{ type: 'retweeted', id: '1' }] }),
      post({ id: '10' }),
      post({ id: '30' }),
      post({ id: '5', text: ' \u200f ' }),
    ]
    expect(mapPage(page, users, []).map((p) => p.postId)).toEqual(['10', '30'])
  })
})

describe('rules', () => {
  it('approves trusted handles and holds blocked ones, case-insensitively and with or without @', () => {
    expect(judge({ handle: 'ville_exemple', text: 'x' }, { ...noRules, trustedHandles: ['@Ville_Exemple'] })).toBe('trusted')
    expect(judge({ handle: 'ville_exemple', text: 'x' }, { ...noRules, blockedHandles: ['VILLE_EXEMPLE'] })).toBe('blocked_handle')
    expect(judge({ handle: 'AgnesMarchal_', text: 'x' }, { ...noRules, trustedHandles: ['agnesmarchal_'] })).toBe('trusted')
    expect(judge({ handle: 'AgnesMarchal_', text: 'x' }, { ...noRules, blockedHandles: ['@AGNESMARCHAL_'] })).toBe('blocked_handle')
    expect(judge({ handle: null, text: 'x' }, { ...noRules, trustedHandles: ['i'] })).toBe('queue')
    expect(verdictFields('trusted')).toEqual({ status: 'approved', held: false, flags: ['trusted_handle'] })
    expect(verdictFields('blocked_keyword')).toEqual({ status: 'pending', held: true, flags: ['blocked_keyword'] })
    expect(verdictFields('queue')).toEqual({ status: 'pending', held: false, flags: [] })
  })

  it('matches blocked keywords as whole words, ignoring case', () => {
    expect(containsKeyword('Quelle COOPÉRATION après la crise ?', 'con')).toBe(false)
    expect(containsKeyword('Quel con !', 'CON')).toBe(true)
    expect(containsKeyword('Gagnez des cadeaux: http://spam', 'gagnez des')).toBe(true)
    expect(containsKeyword('#Promo du jour', '#promo')).toBe(true)
    expect(containsKeyword('anything', '  ')).toBe(false)
  })

  it('holds a trusted account that uses a blocked word: blocking wins', () => {
    expect(
      judge(
        { handle: 'ville_exemple', text: 'Achetez maintenant' },
        { trustedHandles: ['ville_exemple'], blockedHandles: [], blockedKeywords: ['achetez'] },
      ),
    ).toBe('blocked_keyword')
  })
})

describe('the per-minute cap', () => {
  it('admits up to the cap, then holds; held posts go before newcomers', () => {
    expect(capPlan(20, 0, 0, 5)).toEqual({ release: 0, admit: 5, hold: 0 })
    expect(capPlan(3, 0, 0, 5)).toEqual({ release: 0, admit: 3, hold: 2 })
    expect(capPlan(3, 3, 0, 5)).toEqual({ release: 0, admit: 0, hold: 5 })
    expect(capPlan(3, 0, 2, 5)).toEqual({ release: 2, admit: 1, hold: 4 })
    expect(capPlan(3, 1, 4, 1)).toEqual({ release: 2, admit: 0, hold: 1 })
    expect(capPlan(3, 7, 4, 0)).toEqual({ release: 0, admit: 0, hold: 0 })
    expect(capPlan(0, 0, 0, 2)).toEqual({ release: 0, admit: 0, hold: 2 })
  })

  it('counts in fixed windows every process agrees on', () => {
    expect(capWindow(new Date('2020-05-19T15:00:59.999Z'), 60_000)).toEqual({
      start: new Date('2020-05-19T15:00:00Z'),
      end: new Date('2020-05-19T15:01:00Z'),
    })
    expect(capWindow(new Date('2020-05-19T15:01:00Z'), 60_000).start).toEqual(new Date('2020-05-19T15:01:00Z'))
  })
})

describe('post ids and cursors', () => {
  it('orders snowflake ids numerically, beyond safe integers', () => {
    expect(compareIds('9', '10')).toBeLessThan(0)
    expect(compareIds('1262750000000004097', '1262750000000004096')).toBeGreaterThan(0)
    expect(newerId(null, '5')).toBe('5')
    expect(newerId('12', '9')).toBe('12')
  })

  it('moves since_id only when the last page is in, to the newest id of the whole pagination', () => {
    const fresh = { sinceId: '100', nextToken: null, pendingNewestId: null, startTime: null }
    const first = cursorAfter(fresh, { newestId: '190', nextToken: 't2', done: false })
    expect(first).toEqual({ sinceId: '100', nextToken: 't2', pendingNewestId: '190', startTime: null })
    const middle = cursorAfter(first, { newestId: '150', nextToken: 't3', done: false })
    expect(middle).toEqual({ sinceId: '100', nextToken: 't3', pendingNewestId: '190', startTime: null })
    expect(cursorAfter(middle, { newestId: '120', nextToken: null, done: true })).toEqual({
      sinceId: '190',
      nextToken: null,
      pendingNewestId: null,
      startTime: null,
    })
    expect(cursorAfter(fresh, { newestId: null, nextToken: null, done: true })).toEqual({
      sinceId: '100',
      nextToken: null,
      pendingNewestId: null,
      startTime: null,
    })
  })

  it('keeps a restart’s start_time for its whole pagination, then hands over to since_id', () => {
    const startTime = new Date('2020-05-12T13:10:00Z')
    const restarted = { sinceId: null, nextToken: null, pendingNewestId: null, startTime }
    const first = cursorAfter(restarted, { newestId: '190', nextToken: 't2', done: false })
    expect(first).toEqual({ sinceId: null, nextToken: 't2', pendingNewestId: '190', startTime })
    expect(cursorAfter(first, { newestId: '150', nextToken: null, done: true })).toEqual({
      sinceId: '190',
      nextToken: null,
      pendingNewestId: null,
      startTime: null,
    })
    // Nothing in the window: neither since_id nor start_time, so the next poll reads the window as a first poll does.
    expect(cursorAfter(restarted, { newestId: null, nextToken: null, done: true })).toMatchObject({ sinceId: null, startTime: null })
  })

  it('reads post links from x.com and twitter.com', () => {
    expect(parsePostUrl('https://x.com/Ville_Exemple/status/1262750000000004096?s=20')).toEqual({
      postId: '1262750000000004096',
      handle: 'Ville_Exemple',
    })
    expect(parsePostUrl('https://mobile.twitter.com/a_b/statuses/42/photo/1')).toEqual({ postId: '42', handle: 'a_b' })
    expect(parsePostUrl('https://x.com/i/web/status/42')).toEqual({ postId: '42', handle: null })
    expect(parsePostUrl('https://example.org/a/status/42')).toBeNull()
    expect(parsePostUrl('not a url')).toBeNull()
  })
})
