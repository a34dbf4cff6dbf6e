// The X API v2 through twitter-api-v2: recent search page by page, one post by id, the usage cap's reset day. Faults: x.faults.ts.
import http from 'node:http'
import https from 'node:https'
import {
  type ITwitterApiClientPlugin,
  type TweetSearchRecentV2Paginator,
  type TweetV2,
  type TwitterRateLimit,
  TwitterApi,
  type Tweetv2FieldsParams,
  type UserV2,
} from 'twitter-api-v2'
import Type from 'typebox'
import { Compile } from 'typebox/compile'

/** The prefix twitter-api-v2 puts on every v2 URL; X_API_BASE_URL replaces it. */
const X_API_ROOT = 'https://api.x.com/'
/** The most recent search returns per page. */
const MAX_RESULTS = 100

const FIELDS: Partial<Tweetv2FieldsParams> = {
  expansions: ['author_id', 'referenced_tweets.id'],
  'tweet.fields': ['created_at', 'lang', 'author_id', 'referenced_tweets', 'note_tweet'],
  'user.fields': ['name', 'username', 'profile_image_url'],
}

export interface XClientSettings {
  bearerToken: string
  /** Another root for the API (the fake X server in tests and the demo); null: api.x.com. */
  apiBaseUrl: string | null
  requestTimeoutMs: number
}

interface XCursor {
  query: string
  sinceId: string | null
  /** Instead of since_id, after X refused a stored one: posts from this instant on (inside X's 7-day window). */
  startTime: Date | null
  nextToken: string | null
}

export interface XPage {
  posts: TweetV2[]
  users: UserV2[]
  includedPosts: TweetV2[]
  newestId: string | null
  nextToken: string | null
  /** Last page of this pagination. */
  done: boolean
  rateLimit: TwitterRateLimit | null
}

export interface XApi {
  /** The pages of a search from the cursor, fetched one at a time as the caller asks for the next. */
  pages(cursor: XCursor): AsyncGenerator<XPage, void, undefined>
  /** One post with its author and referenced posts; null when X has no such post. */
  post(postId: string): Promise<XPage | null>
  /** The day of the month X resets the project's usage cap (its usage endpoint's cap_reset_day); null when X does not say. */
  capResetDay(): Promise<number | null>
}

/** A 200 whose body is not what X documents. */
export class MalformedResponse extends Error {
  override readonly name = 'MalformedResponse'
}

const Post = Type.Object({ id: Type.String({ pattern: '^\\d{1,20}$' }), text: Type.String() })
const User = Type.Object({ id: Type.String(), username: Type.String() })
const Includes = Type.Object({ users: Type.Optional(Type.Array(User)), tweets: Type.Optional(Type.Array(Post)) })
const checkSearch = Compile(
  Type.Object({
    data: Type.Optional(Type.Array(Post)),
    includes: Type.Optional(Includes),
    meta: Type.Object({
      result_count: Type.Integer({ minimum: 0 }),
      newest_id: Type.Optional(Type.String()),
      next_token: Type.Optional(Type.String({ minLength: 1 })),
    }),
  }),
)
const checkSingle = Compile(Type.Object({ data: Type.Optional(Post), includes: Type.Optional(Includes) }))

interface RawBody {
  data?: TweetV2[] | TweetV2
  includes?: { users?: UserV2[]; tweets?: TweetV2[] }
  meta?: { newest_id?: string; next_token?: string }
}

function toPage(body: RawBody, rateLimit: TwitterRateLimit | null): XPage {
  const data = body.data === undefined ? [] : Array.isArray(body.data) ? body.data : [body.data]
  return {
    posts: data,
    users: body.includes?.users ?? [],
    includedPosts: body.includes?.tweets ?? [],
    newestId: body.meta?.newest_id ?? null,
    nextToken: body.meta?.next_token ?? null,
    done: !body.meta?.next_token,
    rateLimit,
  }
}

/** twitter-api-v2 has no base-URL option: a plugin rewrites each request's URL and sets its timeout. */
function rewritePlugin(settings: XClientSettings): ITwitterApiClientPlugin {
  const base = settings.apiBaseUrl ? new URL(settings.apiBaseUrl).href.replace(/\/?$/, '/') : null
  return {
    onBeforeRequestConfig({ params }) {
      params.timeout = settings.requestTimeoutMs
      if (base && params.url.startsWith(X_API_ROOT)) params.url = base + params.url.slice(X_API_ROOT.length)
    },
  }
}

export function createXApi(settings: XClientSettings): XApi {
  const plain = settings.apiBaseUrl?.startsWith('http:') ?? false
  // The library calls https.request; an http.Agent is what lets it reach a plain-HTTP fake.
  const httpAgent = plain ? new http.Agent({ keepAlive: true }) : new https.Agent({ keepAlive: true })
  const client = new TwitterApi(settings.bearerToken, { plugins: [rewritePlugin(settings)], httpAgent }).readOnly.v2

  return {
    async *pages(cursor) {
      let paginator: TweetSearchRecentV2Paginator = await client.search(cursor.query, {
        ...FIELDS,
        max_results: MAX_RESULTS,
        ...(cursor.sinceId ? { since_id: cursor.sinceId } : {}),
        // Never with since_id: X refuses the two together.
        ...(cursor.startTime && !cursor.sinceId ? { start_time: cursor.startTime.toISOString() } : {}),
        ...(cursor.nextToken ? { next_token: cursor.nextToken } : {}),
      })
      for (;;) {
        // Checked before touching `done` or `tweets`: the paginator assumes a well-formed body.
        if (!checkSearch.Check(paginator.data)) throw new MalformedResponse('search response without the documented shape')
        const page = toPage(paginator.data, Object.keys(paginator.rateLimit).length ? paginator.rateLimit : null)
        yield page
        if (paginator.done) return
        paginator = await paginator.next(MAX_RESULTS)
      }
    },
    async post(postId) {
      const body: unknown = await client.singleTweet(postId, FIELDS)
      if (!checkSingle.Check(body)) throw new MalformedResponse('post response without the documented shape')
      const page = toPage(body as RawBody, null)
      return page.posts.length ? page : null
    },
    async capResetDay() {
      const usage = await client.usage({ 'usage.fields': ['cap_reset_day'] })
      const day = usage.data?.cap_reset_day
      return Number.isInteger(day) && day! >= 1 && day! <= 31 ? day! : null
    },
  }
}

/** When the rate limit (the window's or a daily one) is used up and not yet reset: until then, no request. */
export function exhaustedUntil(rateLimit: TwitterRateLimit | null, now: Date): Date | null {
  if (!rateLimit) return null
  let until: Date | null = null
  for (const limit of [rateLimit, rateLimit.day, rateLimit.userDay]) {
    if (!limit || !Number.isFinite(limit.remaining) || limit.remaining > 0) continue
    const reset = new Date(limit.reset * 1000)
    if (reset > now && (!until || reset > until)) until = reset
  }
  return until
}
