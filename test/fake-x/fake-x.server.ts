// A local stand-in for the X API v2 (recent search, post lookup) that can be told to fail the ways X does.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  compareIds,
  decodeToken,
  encodeToken,
  type FakePost,
  type FakePostInput,
  FakeXStore,
  snowflakeAt,
  snowflakeTime,
} from './fake-x.store'
import { problem, RECENT_WINDOW_MS, staleSinceId, staleStartTime, xMinute } from './fake-x.problems'
import { FakeUsageCap, USAGE_CAPPED } from './fake-x.usage'

export type { FakePost, FakePostInput } from './fake-x.store'

/** Each fault answers one API request, in the order given. */
export type FakeFault =
  | { kind: 'rate_limit'; resetInSeconds?: number }
  | { kind: 'status'; status: 500 | 502 | 503 | 504 }
  /**
   * Never answers: the client's timeout is what ends it. The request is counted against the rate limit when
   * it arrives, as X counts it, so nothing of it happens later, when another test may be running.
   */
  | { kind: 'slow' }
  /** Half a JSON body, then the connection drops. */
  | { kind: 'truncated' }
  /** A 200 with JSON that is not what X documents. */
  | { kind: 'malformed' }

export interface FakeXOptions {
  /** Bearer tokens accepted (several let a test tell apart the processes polling). */
  tokens?: string[]
  port?: number
  /** Serve at most this many posts per page, whatever max_results asks: forces pagination with few posts. */
  pageSize?: number
  /** Requests allowed per window, as the x-rate-limit-* headers report them. */
  rateLimit?: { limit: number; windowSeconds: number }
  /** Every page after the first starts again with the previous page's last post, as X sometimes does. */
  duplicateAcrossPages?: boolean
  now?: () => number
}

export interface ServedRequest {
  at: number
  kind: 'search' | 'lookup' | 'usage'
  token: string | null
  params: Record<string, string>
  status: number | 'dropped'
}

/** A response to send, with what it counts as served. */
interface Answer {
  status: number
  body: unknown
  counted?: { posts: number; users: number }
}

export const FAKE_X_TOKEN = 'fake-x-bearer-token'

export class FakeX {
  url = ''
  readonly requests: ServedRequest[] = []
  /** What complete 200 responses carried: compare with Tribune's meter. */
  readonly served = { posts: 0, users: 0 }
  duplicateAcrossPages: boolean
  pageSize: number | null
  private readonly store: FakeXStore
  private readonly faults: (FakeFault | null)[] = []
  private readonly tokens: Set<string>
  private readonly now: () => number
  private rateLimit: { limit: number; windowSeconds: number }
  private window = { resetAt: 0, remaining: 0 }
  private readonly usage: FakeUsageCap
  private hold: { reached: () => void; released: Promise<void> } | null = null
  // A client that vanished mid-answer must not become an unhandled rejection in the test process.
  private readonly server = createServer((req, res) => void this.handle(req, res).catch(() => res.destroy()))

  constructor(options: FakeXOptions = {}) {
    this.now = options.now ?? Date.now
    this.store = new FakeXStore(this.now)
    this.usage = new FakeUsageCap(this.now)
    this.tokens = new Set(options.tokens ?? [FAKE_X_TOKEN])
    this.pageSize = options.pageSize ?? null
    this.duplicateAcrossPages = options.duplicateAcrossPages ?? false
    this.rateLimit = options.rateLimit ?? { limit: 450, windowSeconds: 900 }
  }

  async listen(port = 0): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
    return this
  }

  async close(): Promise<void> {
    this.hold = null
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  get posts(): readonly FakePost[] {
    return this.store.posts
  }

  add(...inputs: FakePostInput[]): FakePost[] {
    return inputs.map((input) => this.store.add(input))
  }

  /** Faults for the next requests, in order; null lets one request through (a fault on page 2: fail(null, fault)). */
  fail(...faults: (FakeFault | null)[]): void {
    this.faults.push(...faults)
  }

  /** A new rate limit, with a fresh window from the next request. */
  setRateLimit(limit: number, windowSeconds: number): void {
    this.rateLimit = { limit, windowSeconds }
    this.window = { resetAt: 0, remaining: 0 }
  }

  /**
   * A monthly usage cap of `posts` posts read, reset at 00:00 UTC on `resetDay` of each month (X's cap_reset_day):
   * once reached, every search answers 429 UsageCapExceeded until the reset.
   */
  setUsageCap(posts: number, resetDay: number): void {
    this.usage.set(posts, resetDay)
  }

  /** Holds the next continuation page (a search with next_token) until released: a pause mid-pagination. */
  holdNextPage(): { reached: Promise<void>; release(): void } {
    let reached!: () => void
    let release!: () => void
    const reachedPromise = new Promise<void>((resolve) => (reached = resolve))
    this.hold = { reached, released: new Promise<void>((resolve) => (release = resolve)) }
    return { reached: reachedPromise, release: () => release() }
  }

  searches(): ServedRequest[] {
    return this.requests.filter((r) => r.kind === 'search')
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake-x')
    const lookup = /^\/2\/tweets\/(\d{1,20})$/.exec(url.pathname)
    const kind =
      url.pathname === '/2/tweets/search/recent' ? 'search' : url.pathname === '/2/usage/tweets' ? 'usage' : lookup ? 'lookup' : null
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? null
    const entry: ServedRequest = { at: this.now(), kind: kind ?? 'search', token, params: Object.fromEntries(url.searchParams), status: 0 }
    if (kind) this.requests.push(entry)
    const send = (
      status: number,
      body: unknown,
      headers: Record<string, string | number> = {},
      counted?: { posts: number; users: number },
    ) => {
      if (res.destroyed || req.socket.destroyed) return void (entry.status = 'dropped')
      entry.status = status
      const json = JSON.stringify(body)
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json), ...headers })
      res.end(json)
      if (counted && status === 200) {
        this.served.posts += counted.posts
        this.served.users += counted.users
        this.usage.record(counted.posts)
      }
    }
    if (req.method !== 'GET' || !kind) return send(404, problem(404, 'Not Found Error', `no route ${req.method} ${url.pathname}`))
    if (!token || !this.tokens.has(token)) return send(401, problem(401, 'Unauthorized', 'Unauthorized'))

    if (kind === 'search' && url.searchParams.has('next_token') && this.hold) {
      const hold = this.hold
      this.hold = null
      hold.reached()
      await hold.released
    }
    const fault = this.faults.shift()
    // The usage endpoint has a rate limit of its own, which no test exhausts.
    const limits =
      kind === 'usage'
        ? { exhausted: false, headers: {} }
        : this.consumeRateLimit(fault?.kind === 'rate_limit' ? (fault.resetInSeconds ?? 2) : null)
    if (fault?.kind === 'slow') {
      entry.status = 'dropped'
      if (!req.socket.destroyed) await new Promise((resolve) => req.socket.once('close', resolve))
      return
    }
    if (limits.exhausted) return send(429, problem(429, 'Too Many Requests', 'Too Many Requests'), limits.headers)
    if (fault?.kind === 'status') return send(fault.status, problem(fault.status, 'Service Unavailable', 'Service Unavailable'))
    if (fault?.kind === 'malformed') return send(200, { data: 'not a list of posts', includes: 42 }, limits.headers)
    if (kind === 'search' && this.usage.reached()) return send(429, USAGE_CAPPED, limits.headers)

    const answer =
      kind === 'search'
        ? this.search(url.searchParams)
        : kind === 'usage'
          ? { status: 200, body: this.usage.report(this.served.posts) }
          : this.lookup(lookup![1]!, url.searchParams)
    if (fault?.kind === 'truncated' && answer.status === 200) {
      const json = JSON.stringify(answer.body)
      entry.status = 'dropped'
      res.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(json),
        ...limits.headers,
      })
      res.write(json.slice(0, Math.floor(json.length / 2)))
      setTimeout(() => res.socket?.destroy(), 10)
      return
    }
    send(answer.status, answer.body, answer.status === 200 || answer.status === 400 ? limits.headers : {}, answer.counted)
  }

  /** One request from the window; a forced 429 empties the window until `resetInSeconds` from now. */
  private consumeRateLimit(forcedResetInSeconds: number | null): { exhausted: boolean; headers: Record<string, number> } {
    const nowSeconds = Math.floor(this.now() / 1000)
    if (forcedResetInSeconds !== null) this.window = { resetAt: nowSeconds + forcedResetInSeconds, remaining: 0 }
    else if (nowSeconds >= this.window.resetAt)
      this.window = { resetAt: nowSeconds + this.rateLimit.windowSeconds, remaining: this.rateLimit.limit }
    const exhausted = this.window.remaining <= 0
    if (!exhausted) this.window.remaining -= 1
    const headers = {
      'x-rate-limit-limit': this.rateLimit.limit,
      'x-rate-limit-remaining': this.window.remaining,
      'x-rate-limit-reset': this.window.resetAt,
    }
    return { exhausted, headers }
  }

  private search(params: URLSearchParams): Answer {
    const query = params.get('query')
    if (!query) return { status: 400, body: problem(400, 'Invalid Request', 'The `query` query parameter can not be empty') }
    const max = Number(params.get('max_results') ?? 10)
    if (!Number.isInteger(max) || max < 10 || max > 100)
      return { status: 400, body: problem(400, 'Invalid Request', 'max_results must be 10 to 100') }
    const sinceId = params.get('since_id') ?? ''
    const startTime = params.get('start_time') ?? ''
    // Recent search reaches back 7 days, and refuses a position older than that.
    const windowStart = this.now() - RECENT_WINDOW_MS
    if (sinceId && startTime)
      return { status: 400, body: problem(400, 'Invalid Request', "Invalid use of 'since_id' in conjunction with 'start_time'.") }
    if (sinceId && !/^\d{1,20}$/.test(sinceId)) return { status: 400, body: problem(400, 'Invalid Request', 'Invalid since_id') }
    if (sinceId && snowflakeTime(sinceId) < windowStart)
      return { status: 400, body: staleSinceId(sinceId, xMinute(windowStart), String(snowflakeAt(windowStart))) }
    const from = startTime ? Date.parse(startTime) : windowStart
    if (startTime && Number.isNaN(from))
      return { status: 400, body: problem(400, 'Invalid Request', `Invalid 'start_time':'${startTime}'.`) }
    if (from < windowStart) return { status: 400, body: staleStartTime(startTime, xMinute(windowStart)) }
    let before: string | null = null
    const raw = params.get('next_token')
    if (raw) {
      const token = decodeToken(raw)
      // X ties a next_token to the request that produced it.
      if (!token || token.query !== query || token.since !== sinceId || token.start !== startTime)
        return { status: 400, body: problem(400, 'Invalid Request', 'Invalid next_token') }
      before = token.before
    }
    const matching = this.store.posts
      .filter(
        (p) =>
          this.store.matches(p, query) &&
          Date.parse(p.createdAt) >= from &&
          (!sinceId || compareIds(p.id, sinceId) > 0) &&
          (!before || compareIds(p.id, before) < 0),
      )
      .sort((a, b) => compareIds(b.id, a.id))
    const page = matching.slice(0, Math.min(max, this.pageSize ?? max))
    const repeated = this.duplicateAcrossPages && before ? this.store.find(before) : undefined
    const posts = repeated ? [repeated, ...page] : page
    const { data, includes, counted } = this.store.render(posts, params)
    const meta: Record<string, unknown> = { result_count: posts.length }
    if (posts.length) Object.assign(meta, { newest_id: posts[0]!.id, oldest_id: posts.at(-1)!.id })
    if (matching.length > page.length) meta.next_token = encodeToken({ query, since: sinceId, start: startTime, before: page.at(-1)!.id })
    const body = posts.length ? { data, ...(Object.keys(includes).length ? { includes } : {}), meta } : { meta }
    return { status: 200, body, counted }
  }

  private lookup(id: string, params: URLSearchParams): Answer {
    const post = this.store.find(id)
    if (!post) {
      const detail = `Could not find tweet with id: [${id}].`
      return {
        status: 200,
        body: {
          errors: [
            {
              value: id,
              detail,
              title: 'Not Found Error',
              resource_type: 'tweet',
              parameter: 'id',
              resource_id: id,
              type: 'https://api.twitter.com/2/problems/resource-not-found',
            },
          ],
        },
      }
    }
    const { data, includes, counted } = this.store.render([post], params)
    return { status: 200, body: { data: data[0], ...(Object.keys(includes).length ? { includes } : {}) }, counted }
  }
}

export async function startFakeX(options: FakeXOptions = {}): Promise<FakeX> {
  return new FakeX(options).listen(options.port ?? 0)
}
