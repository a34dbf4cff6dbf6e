import { ApiPartialResponseError, ApiRequestError, ApiResponseError } from 'twitter-api-v2'
import { describe, expect, it } from 'vitest'
import { exhaustedUntil, MalformedResponse } from '../../server/x/x.client'
import { classifyFault, windowBoundary } from '../../server/x/x.faults'
import {
  addReads,
  backoffMs,
  budgetReached,
  meterOf,
  monthOf,
  restartFrom,
  stateOf,
  toXStatus,
  usageCapResumeAt,
  type XSourceRow,
} from '../../server/x/x.health'

const prices = { pricePerPostUsd: 0.005, pricePerUserUsd: 0.01 }
const now = new Date('2020-05-19T15:00:00Z')
const row = (over: Partial<XSourceRow> = {}): XSourceRow => ({
  eventId: 1,
  enabled: true,
  query: '#CNCD -is:retweet',
  intervalSeconds: 15,
  sinceId: null,
  nextToken: null,
  pendingNewestId: null,
  startTime: null,
  windowRestartAt: null,
  windowRestartFrom: null,
  usageCappedUntil: null,
  lastPollAt: null,
  lastSuccessAt: null,
  lastError: null,
  lastErrorAt: null,
  consecutiveFailures: 0,
  pausedUntil: null,
  meterMonth: '2020-05',
  postsRead: 0,
  usersRead: 0,
  monthlyBudgetUsd: null,
  capPerMinute: 20,
  trustedHandles: [],
  blockedHandles: [],
  blockedKeywords: [],
  updatedAt: now,
  ...over,
})

describe('back-off', () => {
  const policy = { baseMs: 15_000, maxMs: 300_000 }

  it('doubles from the base, with jitter between half and all of the delay', () => {
    expect(backoffMs(1, policy, () => 0)).toBe(7_500)
    expect(backoffMs(1, policy, () => 1)).toBe(15_000)
    expect(backoffMs(2, policy, () => 1)).toBe(30_000)
    expect(backoffMs(3, policy, () => 0.5)).toBe(45_000)
  })

  it('never exceeds the cap, however many failures', () => {
    expect(backoffMs(5, policy, () => 1)).toBe(240_000)
    for (const failures of [6, 7, 10, 100, 10_000]) {
      expect(backoffMs(failures, policy, () => 1)).toBe(300_000)
      expect(backoffMs(failures, policy, () => 0)).toBe(150_000)
    }
    for (let i = 0; i < 200; i += 1) {
      const delay = backoffMs(1 + (i % 12), policy)
      expect(delay).toBeGreaterThanOrEqual(7_500)
      expect(delay).toBeLessThanOrEqual(300_000)
    }
  })
})

describe('the monthly meter', () => {
  it('adds reads within the month and starts again at zero in a new month (UTC)', () => {
    expect(addReads(row({ postsRead: 10, usersRead: 4 }), now, 5, 2)).toEqual({ meterMonth: '2020-05', postsRead: 15, usersRead: 6 })
    const june = new Date('2020-06-01T00:00:00Z')
    expect(addReads(row({ postsRead: 10, usersRead: 4 }), june, 5, 2)).toEqual({ meterMonth: '2020-06', postsRead: 5, usersRead: 2 })
    // 23:30 in Paris on 31 May is still May in UTC.
    expect(monthOf(new Date('2020-05-31T23:30:00+02:00'))).toBe('2020-05')
    expect(meterOf(row({ postsRead: 10, meterMonth: '2020-04' }), now, prices)).toMatchObject({
      month: '2020-05',
      postsRead: 0,
      costUsd: 0,
    })
  })

  it('prices posts and users, warns at 80 % of the budget and pauses at 100 %', () => {
    expect(meterOf(row({ postsRead: 100, usersRead: 30 }), now, prices)).toEqual({
      month: '2020-05',
      postsRead: 100,
      usersRead: 30,
      costUsd: 0.8,
      budgetUsd: null,
      budgetUsedRatio: null,
      warning: false,
    })
    expect(meterOf(row({ postsRead: 100, usersRead: 30, monthlyBudgetUsd: 1 }), now, prices)).toMatchObject({
      budgetUsedRatio: 0.8,
      warning: true,
    })
    expect(budgetReached(row({ postsRead: 100, usersRead: 30, monthlyBudgetUsd: 1 }), now, prices)).toBe(false)
    expect(budgetReached(row({ postsRead: 140, usersRead: 30, monthlyBudgetUsd: 1 }), now, prices)).toBe(true)
    expect(budgetReached(row({ monthlyBudgetUsd: 0 }), now, prices)).toBe(true)
    // Last month's spending does not pause this month.
    expect(budgetReached(row({ postsRead: 1000, monthlyBudgetUsd: 1, meterMonth: '2020-04' }), now, prices)).toBe(false)
  })
})

describe('state', () => {
  const later = new Date(now.getTime() + 10_000)
  it.each([
    ['no token', 'off', row(), false],
    ['disabled', 'off', row({ enabled: false }), true],
    ['ready', 'polling', row(), true],
    ['paused after failures', 'backing_off', row({ pausedUntil: later, consecutiveFailures: 2 }), true],
    ['paused without failure', 'rate_limited', row({ pausedUntil: later }), true],
    ['pause over', 'polling', row({ pausedUntil: now, consecutiveFailures: 2 }), true],
    ['budget spent', 'budget_paused', row({ monthlyBudgetUsd: 0.5, postsRead: 100 }), true],
    ['X usage cap', 'usage_capped', row({ usageCappedUntil: later, pausedUntil: later }), true],
    ['X usage cap and budget', 'usage_capped', row({ usageCappedUntil: later, monthlyBudgetUsd: 0 }), true],
    ['X usage cap over', 'polling', row({ usageCappedUntil: now }), true],
  ] as const)('%s: %s', (_label, state, source, configured) => {
    expect(stateOf(source, configured, now, prices)).toBe(state)
  })

  const context = { configured: true, now, prices, heldCount: 0, intervalOverrideMs: null }

  it('hides a pause that is over', () => {
    expect(toXStatus(row({ pausedUntil: new Date(now.getTime() - 1) }), context).pausedUntil).toBeNull()
    expect(toXStatus(row({ usageCappedUntil: new Date(now.getTime() - 1) }), context).usageCappedUntil).toBeNull()
  })

  it('shows the interval the server really polls at, and the last restart inside the window', () => {
    expect(toXStatus(row(), context)).toMatchObject({ intervalSeconds: 15, pollIntervalMs: 15_000, windowRestart: null })
    expect(toXStatus(row(), { ...context, intervalOverrideMs: 300 })).toMatchObject({ intervalSeconds: 15, pollIntervalMs: 300 })
    const restarted = row({ windowRestartAt: now, windowRestartFrom: new Date('2020-05-12T15:10:00Z') })
    expect(toXStatus(restarted, context).windowRestart).toEqual({ at: now.toISOString(), from: '2020-05-12T15:10:00.000Z' })
  })
})

describe('X’s windows and cycles', () => {
  it('restarts inside the 7-day window, from X’s own boundary when it names one, with a margin', () => {
    expect(restartFrom(now, null)).toEqual(new Date('2020-05-12T15:10:00Z'))
    // X's clock a little ahead of ours: its boundary wins.
    expect(restartFrom(now, new Date('2020-05-12T15:03Z'))).toEqual(new Date('2020-05-12T15:13:00Z'))
    expect(restartFrom(now, new Date('2020-05-12T14:00Z'))).toEqual(new Date('2020-05-12T15:10:00Z'))
  })

  it('resumes after the usage cap at X’s next reset day, 00:00 UTC; hourly on the reset day itself', () => {
    // now: 19 May 2020, 15:00 UTC.
    expect(usageCapResumeAt(now, 25)).toEqual(new Date('2020-05-25T00:00:00Z'))
    expect(usageCapResumeAt(now, 10)).toEqual(new Date('2020-06-10T00:00:00Z'))
    expect(usageCapResumeAt(now, null)).toEqual(new Date('2020-06-01T00:00:00Z'))
    // A reset day the month does not have: its last day.
    expect(usageCapResumeAt(new Date('2021-02-10T08:00:00Z'), 31)).toEqual(new Date('2021-02-28T00:00:00Z'))
    expect(usageCapResumeAt(new Date('2020-12-20T08:00:00Z'), 5)).toEqual(new Date('2021-01-05T00:00:00Z'))
    // Still refused on the reset day: X resets at an hour it does not say, so ask again in an hour, not next month.
    expect(usageCapResumeAt(new Date('2020-05-19T00:00:00Z'), 19)).toEqual(new Date('2020-05-19T01:00:00Z'))
    expect(usageCapResumeAt(new Date('2020-05-19T23:30:00Z'), 19)).toEqual(new Date('2020-05-20T00:30:00Z'))
    expect(usageCapResumeAt(new Date('2020-05-20T00:00:00Z'), 19)).toEqual(new Date('2020-06-19T00:00:00Z'))
  })
})

describe('faults', () => {
  it('reads the rate limit that ran out latest, window or daily', () => {
    const reset = (s: number) => Math.floor(now.getTime() / 1000) + s
    expect(exhaustedUntil({ limit: 450, remaining: 3, reset: reset(60) }, now)).toBeNull()
    expect(exhaustedUntil({ limit: 450, remaining: 0, reset: reset(60) }, now)).toEqual(new Date(reset(60) * 1000))
    expect(exhaustedUntil({ limit: 450, remaining: 0, reset: reset(-5) }, now)).toBeNull()
    expect(
      exhaustedUntil({ limit: 450, remaining: 0, reset: reset(60), day: { limit: 1, remaining: 0, reset: reset(3600) } }, now),
    ).toEqual(new Date(reset(3600) * 1000))
  })

  it('tells rate limits from failures, and a refused cursor from the rest', () => {
    const response = (code: number) =>
      new ApiResponseError(`Request failed with code ${code}`, {
        code,
        data: {},
        headers: {},
        request: {} as never,
        response: {} as never,
        rateLimit: { limit: 1, remaining: 0, reset: Math.floor(now.getTime() / 1000) + 30 },
      })
    expect(classifyFault(response(429), now)).toMatchObject({ kind: 'rate_limited', until: new Date(now.getTime() + 30_000) })
    expect(classifyFault(response(503), now)).toMatchObject({ kind: 'failure', code: 'http_503', badRequest: false })
    expect(classifyFault(response(400), now)).toMatchObject({ kind: 'failure', code: 'http_400', badRequest: true })
    expect(
      classifyFault(new ApiRequestError('Request failed.', { request: {} as never, error: new Error('Request timeout.') }), now),
    ).toMatchObject({ code: 'timeout' })
    expect(
      classifyFault(
        new ApiPartialResponseError('cut', { request: {}, response: {}, responseError: new Error('x'), rawContent: '{' } as never),
        now,
      ),
    ).toMatchObject({ code: 'malformed' })
    expect(classifyFault(new MalformedResponse('no meta'), now)).toMatchObject({ code: 'malformed' })
    expect(classifyFault('odd', now)).toMatchObject({ code: 'internal' })
  })

  const refusal = (code: number, data: object) =>
    new ApiResponseError(`Request failed with code ${code}`, {
      code,
      data,
      headers: {},
      request: {} as never,
      response: {} as never,
      rateLimit: { limit: 450, remaining: 449, reset: Math.floor(now.getTime() / 1000) + 900 },
    })

  it('tells X’s monthly usage cap from the 15-minute rate limit by its problem, not its status', () => {
    const capped = refusal(429, {
      title: 'UsageCapExceeded',
      period: 'Monthly',
      scope: 'Product',
      detail: 'Usage cap exceeded: Monthly product cap',
      type: 'https://api.twitter.com/2/problems/usage-capped',
    })
    expect(classifyFault(capped, now)).toEqual({
      kind: 'usage_capped',
      message: 'usage_capped: HTTP 429 from X: Usage cap exceeded: Monthly product cap',
    })
    expect(
      classifyFault(refusal(429, { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank' }), now),
    ).toMatchObject({
      kind: 'rate_limited',
    })
  })

  it('reads a since_id or start_time X refuses as outside its window, with the boundary X names', () => {
    const staleSince = refusal(400, {
      errors: [
        {
          parameters: { since_id: ['1259000000000000000'] },
          message:
            "'since_id' must be a tweet id created after 2020-05-12T15:01Z. Please use a 'since_id' that is larger than 1260000000000000000",
        },
      ],
      title: 'Invalid Request',
      detail: 'One or more parameters to your request was invalid.',
      type: 'https://api.twitter.com/2/problems/invalid-request',
    })
    expect(classifyFault(staleSince, now)).toMatchObject({
      kind: 'window_expired',
      parameter: 'since_id',
      boundary: new Date('2020-05-12T15:01:00Z'),
      message: expect.stringMatching(/^window_expired: HTTP 400 from X: 'since_id' must be a tweet id created after/),
    })
    const staleStart = refusal(400, {
      errors: [
        {
          parameters: { start_time: ['2020-05-01T00:00Z'] },
          message: "Invalid 'start_time':'2020-05-01T00:00Z'. 'start_time' must be on or after 2020-05-12T15:01Z",
        },
      ],
      title: 'Invalid Request',
    })
    expect(classifyFault(staleStart, now)).toMatchObject({ kind: 'window_expired', parameter: 'start_time' })
    // Any other 400 stays a failure.
    const other = refusal(400, { errors: [{ parameters: { max_results: ['5'] }, message: 'max_results must be 10 to 100' }] })
    expect(classifyFault(other, now)).toMatchObject({ kind: 'failure', code: 'http_400', badRequest: true })
    expect(windowBoundary('no date here')).toBeNull()
  })
})
