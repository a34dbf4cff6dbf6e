// From X posts to queue items (pure): full text, author, context, link, the moderation rules and the per-minute cap.
import type { TweetV2, UserV2 } from 'twitter-api-v2'
import { cleanText } from '../contract/text'
import { handleOf, listsHandle } from './x.handles'

/** What a post becomes in the queue, before rules and cap decide its status. */
export interface MappedPost {
  postId: string
  /** The handle as X spells it, without the @; null when X did not return the author. */
  handle: string | null
  name: string | null
  avatarUrl: string | null
  text: string
  contextText: string | null
  postedAt: Date | null
  language: string | null
  url: string
}

export interface XRules {
  trustedHandles: string[]
  blockedHandles: string[]
  blockedKeywords: string[]
}

/** trusted: approved at once; blocked_*: held with that flag; queue: pending, subject to the cap. */
export type Verdict = 'trusted' | 'blocked_handle' | 'blocked_keyword' | 'queue'

function isRetweet(post: TweetV2): boolean {
  return post.referenced_tweets?.some((r) => r.type === 'retweeted') ?? false
}

/** X escapes these three in post text; nothing else. */
function unescapeEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
}

/** The whole text: long posts (over 280 characters) come truncated in `text` and whole in `note_tweet`. */
function fullText(post: TweetV2): string {
  return cleanText(unescapeEntities(post.note_tweet?.text ?? post.text), { multiline: true, max: 25000 })
}

function postUrl(handle: string | null, postId: string): string {
  return `https://x.com/${handle ?? 'i'}/status/${postId}`
}

// und: undetermined; zxx: no text; q*: X's own codes (hashtags only, media only…).
function language(lang: string | undefined): string | null {
  if (!lang || lang === 'und' || lang === 'zxx' || lang.startsWith('q')) return null
  return lang
}

/** Maps one post with the page's includes; null for what never enters the queue (retweets, empty posts). */
export function mapPost(
  post: TweetV2,
  users: ReadonlyMap<string, UserV2>,
  includedPosts: ReadonlyMap<string, TweetV2>,
  { skipRetweets = true } = {},
): MappedPost | null {
  if (skipRetweets && isRetweet(post)) return null
  const text = fullText(post)
  if (text === '') return null
  const author = post.author_id ? users.get(post.author_id) : undefined
  const handle = author ? handleOf(author.username) : null
  const referenced = post.referenced_tweets?.find((r) => r.type === 'quoted' || r.type === 'replied_to')
  const context = referenced ? includedPosts.get(referenced.id) : undefined
  const postedAt = post.created_at ? new Date(post.created_at) : null
  return {
    postId: post.id,
    handle,
    name: author?.name ?? null,
    avatarUrl: author?.profile_image_url ?? null,
    text,
    contextText: context ? fullText(context) || null : null,
    postedAt: postedAt && !Number.isNaN(postedAt.getTime()) ? postedAt : null,
    language: language(post.lang),
    url: postUrl(handle, post.id),
  }
}

/** Maps a page: retweets and repeats dropped, oldest first so the queue keeps the order people posted in. */
export function mapPage(posts: TweetV2[], users: UserV2[], includedPosts: TweetV2[]): MappedPost[] {
  const byUser = new Map(users.map((u) => [u.id, u]))
  const byPost = new Map(includedPosts.map((p) => [p.id, p]))
  const seen = new Set<string>()
  const mapped: MappedPost[] = []
  for (const post of posts) {
    if (seen.has(post.id)) continue
    seen.add(post.id)
    const item = mapPost(post, byUser, byPost)
    if (item) mapped.push(item)
  }
  return mapped.sort((a, b) => compareIds(a.postId, b.postId))
}

export function normaliseKeyword(raw: string): string {
  return cleanText(raw, { max: 200 }).toLowerCase()
}

/** Case-insensitive, whole words only: « con » must not hold « coopération ». */
export function containsKeyword(text: string, keyword: string): boolean {
  const needle = normaliseKeyword(keyword)
  if (needle === '') return false
  const escaped = needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return new RegExp(`(?<![\\p{L}\\p{N}_])${escaped}(?![\\p{L}\\p{N}_])`, 'u').test(text.normalize('NFC').toLowerCase())
}

/** Blocking wins over trust: a trusted account posting a blocked word is still held for a look. Handles ignore case. */
export function judge(post: Pick<MappedPost, 'handle' | 'text'>, rules: XRules): Verdict {
  const handle = post.handle
  if (handle && listsHandle(rules.blockedHandles, handle)) return 'blocked_handle'
  if (rules.blockedKeywords.some((k) => containsKeyword(post.text, k))) return 'blocked_keyword'
  if (handle && listsHandle(rules.trustedHandles, handle)) return 'trusted'
  return 'queue'
}

/** The flags an item carries for its verdict (x_cap is added by the cap, not by the rules). */
export function verdictFields(verdict: Verdict): { status: 'pending' | 'approved'; held: boolean; flags: string[] } {
  switch (verdict) {
    case 'trusted':
      return { status: 'approved', held: false, flags: ['trusted_handle'] }
    case 'blocked_handle':
    case 'blocked_keyword':
      return { status: 'pending', held: true, flags: [verdict] }
    case 'queue':
      return { status: 'pending', held: false, flags: [] }
    default:
      verdict satisfies never
      throw new Error('unknown verdict')
  }
}

/** The cap's window containing `now`: fixed buckets, so every process computes the same one. */
export function capWindow(now: Date, windowMs: number): { start: Date; end: Date } {
  const start = Math.floor(now.getTime() / windowMs) * windowMs
  return { start: new Date(start), end: new Date(start + windowMs) }
}

/**
 * How many held posts to release and how many new ones to admit into the pending lane this window.
 * Held posts go first (oldest first), so a newcomer never overtakes one that waited.
 */
export function capPlan(
  cap: number,
  enteredThisWindow: number,
  waiting: number,
  incoming: number,
): { release: number; admit: number; hold: number } {
  const allowance = Math.max(0, cap - enteredThisWindow)
  const release = Math.min(waiting, allowance)
  const admit = waiting > release ? 0 : Math.min(incoming, allowance - release)
  return { release, admit, hold: incoming - admit }
}

/** Post ids are decimal snowflakes: longer is newer, then lexical order. */
export function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0)
}

export function newerId(a: string | null, b: string | null): string | null {
  if (a === null) return b
  if (b === null) return a
  return compareIds(a, b) >= 0 ? a : b
}

/** The post id in an X or Twitter post URL, with the handle it names (null for /i/ links). */
export function parsePostUrl(raw: string): { postId: string; handle: string | null } | null {
  let url: URL
  try {
    url = new URL(raw.trim())
  } catch {
    return null
  }
  if (!/^(www\.|mobile\.)?(x|twitter)\.com$/i.test(url.hostname)) return null
  const match = /^\/(?:([A-Za-z0-9_]{1,15})|i(?:\/web)?)\/status(?:es)?\/(\d{1,20})(?:\/|$)/.exec(url.pathname)
  if (!match) return null
  const handle = match[1] && match[1].toLowerCase() !== 'i' ? handleOf(match[1]) : null
  return { postId: match[2]!, handle }
}
