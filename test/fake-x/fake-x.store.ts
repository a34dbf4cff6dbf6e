// The fake X's posts and accounts, the search query subset it understands, the API v2 rendering of both, and page tokens.

export interface FakePostInput {
  text: string
  /** Author's handle, without the @. */
  handle: string
  name?: string
  lang?: string
  createdAt?: Date
  /** Id of the post this one quotes, replies to, or reposts. */
  quotes?: string
  repliesTo?: string
  retweets?: string
}

export interface FakePost {
  id: string
  text: string
  authorId: string
  createdAt: string
  lang: string
  referenced: { type: 'quoted' | 'replied_to' | 'retweeted'; id: string }[]
}

export interface FakeUser {
  id: string
  username: string
  name: string
  profileImageUrl: string
}

/** X's snowflake epoch: an id is (milliseconds since this instant) << 22, plus a sequence in the low bits. */
const SNOWFLAKE_EPOCH_MS = 1288834974657n

/** The id of a post created at `ms`: decimal, increasing with time, longer than a JavaScript safe integer. */
export function snowflakeAt(ms: number): bigint {
  return (BigInt(Math.floor(ms)) - SNOWFLAKE_EPOCH_MS) << 22n
}

/** When the post with this id was created, as X reads it from the id itself. */
export function snowflakeTime(id: string): number {
  return Number((BigInt(id) >> 22n) + SNOWFLAKE_EPOCH_MS)
}

/** Newer posts have larger ids; as strings, a longer id is larger. */
export function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0)
}

/** An avatar that needs no network: a coloured disc with the handle's initial, as X returns a URL. */
function avatarFor(handle: string): string {
  const hue = [...handle].reduce((sum, c) => sum + c.charCodeAt(0), 0) % 360
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48"><circle cx="24" cy="24" r="24" fill="hsl(${hue},55%,40%)"/><text x="24" y="31" font-size="22" text-anchor="middle" fill="#fff" font-family="sans-serif">${handle[0]!.toUpperCase()}</text></svg>`
  return `data:image/svg+xml,${encodeURIComponent(svg)}`
}

/** X escapes exactly these three in post text. */
const escapeText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

export class FakeXStore {
  readonly posts: FakePost[] = []
  private readonly users = new Map<string, FakeUser>()
  private lastId = 0n

  constructor(private readonly now: () => number) {}

  add(input: FakePostInput): FakePost {
    const user = this.user(input.handle, input.name)
    // Posts created in the same millisecond (a manual clock that stands still) take the next sequence number.
    const fromClock = snowflakeAt(this.now())
    this.lastId = fromClock > this.lastId ? fromClock : this.lastId + 1n
    const referenced: FakePost['referenced'] = []
    if (input.quotes) referenced.push({ type: 'quoted', id: input.quotes })
    if (input.repliesTo) referenced.push({ type: 'replied_to', id: input.repliesTo })
    if (input.retweets) referenced.push({ type: 'retweeted', id: input.retweets })
    const original = input.retweets ? this.find(input.retweets) : undefined
    const post: FakePost = {
      id: String(this.lastId),
      text: original && !input.text ? `RT @${this.userById(original.authorId)!.username}: ${original.text}` : input.text,
      authorId: user.id,
      createdAt: (input.createdAt ?? new Date(this.now())).toISOString(),
      lang: input.lang ?? 'fr',
      referenced,
    }
    this.posts.push(post)
    return post
  }

  find(id: string): FakePost | undefined {
    return this.posts.find((p) => p.id === id)
  }

  private user(handle: string, name?: string): FakeUser {
    const key = handle.replace(/^@/, '')
    let user = this.users.get(key.toLowerCase())
    if (!user) {
      user = { id: String(4_000_000 + this.users.size), username: key, name: name ?? key, profileImageUrl: avatarFor(key) }
      this.users.set(key.toLowerCase(), user)
    }
    return user
  }

  private userById(id: string): FakeUser | undefined {
    return [...this.users.values()].find((u) => u.id === id)
  }

  /** The subset of X's query language the tests and the demo use: words and hashtags (AND), -word, is:retweet, from:, lang:. */
  matches(post: FakePost, query: string): boolean {
    const text = post.text.toLowerCase()
    return query
      .toLowerCase()
      .split(/\s+/)
      .filter(Boolean)
      .every((term) => {
        const negated = term.startsWith('-')
        const bare = negated ? term.slice(1) : term
        let hit: boolean
        if (bare === 'is:retweet') hit = post.referenced.some((r) => r.type === 'retweeted')
        else if (bare.startsWith('from:')) hit = this.userById(post.authorId)?.username.toLowerCase() === bare.slice(5)
        else if (bare.startsWith('lang:')) hit = post.lang === bare.slice(5)
        else hit = text.includes(bare)
        return negated ? !hit : hit
      })
  }

  /** `data` and `includes` as API v2 renders them for the requested fields and expansions, with what they count. */
  render(
    posts: FakePost[],
    params: URLSearchParams,
  ): { data: Record<string, unknown>[]; includes: Record<string, unknown[]>; counted: { posts: number; users: number } } {
    const list = (name: string) => new Set((params.get(name) ?? '').split(',').filter(Boolean))
    const tweetFields = list('tweet.fields')
    const userFields = list('user.fields')
    const expansions = list('expansions')
    const data = posts.map((p) => this.renderPost(p, tweetFields))
    const includes: Record<string, unknown[]> = {}
    if (expansions.has('author_id')) {
      const authors = [...new Set(posts.map((p) => p.authorId))].map((id) => this.userById(id)!)
      if (authors.length) includes.users = authors.map((u) => this.renderUser(u, userFields))
    }
    if (expansions.has('referenced_tweets.id')) {
      const ids = [...new Set(posts.flatMap((p) => p.referenced.map((r) => r.id)))]
      const referenced = ids.flatMap((id) => this.find(id) ?? [])
      if (referenced.length) includes.tweets = referenced.map((p) => this.renderPost(p, tweetFields))
    }
    return { data, includes, counted: { posts: data.length + (includes.tweets?.length ?? 0), users: includes.users?.length ?? 0 } }
  }

  private renderPost(post: FakePost, fields: Set<string>): Record<string, unknown> {
    const characters = [...post.text]
    const long = characters.length > 280
    // Long posts: `text` is cut; the whole text is in note_tweet, for clients that ask for it.
    const out: Record<string, unknown> = {
      id: post.id,
      edit_history_tweet_ids: [post.id],
      text: escapeText(long ? `${characters.slice(0, 279).join('')}…` : post.text),
    }
    if (fields.has('author_id')) out.author_id = post.authorId
    if (fields.has('created_at')) out.created_at = post.createdAt
    if (fields.has('lang')) out.lang = post.lang
    if (fields.has('referenced_tweets') && post.referenced.length) out.referenced_tweets = post.referenced
    if (fields.has('note_tweet') && long) out.note_tweet = { text: escapeText(post.text) }
    return out
  }

  private renderUser(user: FakeUser, fields: Set<string>): Record<string, unknown> {
    const out: Record<string, unknown> = { id: user.id, name: user.name, username: user.username }
    if (fields.has('profile_image_url')) out.profile_image_url = user.profileImageUrl
    return out
  }
}

interface PageToken {
  query: string
  since: string
  start: string
  before: string
}

/** A next_token: opaque to clients, tied here to the request that produced it. */
export function encodeToken(token: PageToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url')
}

export function decodeToken(raw: string): PageToken | null {
  try {
    const token = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as PageToken
    return [token.before, token.since, token.start, token.query].every((v) => typeof v === 'string') ? token : null
  } catch {
    return null
  }
}
