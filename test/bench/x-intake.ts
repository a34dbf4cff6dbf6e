// node --import tsx test/bench/x-intake.ts — how long X intake holds an event's lock for a page of 100 posts,
// how long the poll loop's held-items scan takes, over a database with many events and items, and what a page's
// changes cost one at a time (StreamRepository.append, as before) and in one batch (appendMany), alternately.
// PGlite in memory by default; with DATABASE_URL, a fresh PostgreSQL database (dropped afterwards).
import { randomBytes } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import type { TweetV2, UserV2 } from 'twitter-api-v2'
import postgres from 'postgres'
import { sql } from 'drizzle-orm'
import { type Database, openDatabase } from '../../db/connect'
import { createServices } from '../../server/services'
import { defaultEvent } from '../../server/events/default-event'
import { XIntake } from '../../server/x/x.intake'
import { WarningsService } from '../../server/moderation/warnings'
import { XRepository } from '../../server/x/x.repository'
import type { XPage } from '../../server/x/x.client'
import type { StoredChangeBody } from '../../server/realtime/projection'
import { StreamRepository } from '../../server/realtime/stream.repository'
import { toItemView } from '../../server/questions/questions.repository'
import { items } from '../../db/schema'

const PAGES = Number(process.env.PAGES ?? 20)
const PAGE_SIZE = 100
const BACKGROUND_EVENTS = Number(process.env.BACKGROUND_EVENTS ?? 50)
const ITEMS_PER_EVENT = Number(process.env.ITEMS_PER_EVENT ?? 2000)

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

async function open(): Promise<{ database: Database; drop(): Promise<void> }> {
  const url = process.env.DATABASE_URL
  if (!url) return { database: await openDatabase({ kind: 'pglite', dataDir: null }), drop: async () => {} }
  const name = `tribune_bench_${randomBytes(4).toString('hex')}`
  const admin = postgres(url, { max: 1, onnotice: () => {} })
  await admin.unsafe(`CREATE DATABASE ${name}`)
  const target = new URL(url)
  target.pathname = `/${name}`
  const database = await openDatabase({ kind: 'postgres', url: target.href })
  return {
    database,
    drop: async () => {
      await database.close()
      await admin.unsafe(`DROP DATABASE ${name}`)
      await admin.end()
    },
  }
}

/** Background: events with attendee questions and a few X posts held by the cap, as a busy server has. */
async function fill(database: Database): Promise<void> {
  await database.db.execute(sql`
    INSERT INTO events (slug, title, time_zone, local_date, settings, moderator_secret_hash, speaker_secret_hash)
    SELECT 'bench-' || g, 'Bench ' || g, 'Europe/Paris', '2020-05-19', '{}'::jsonb, md5('m' || g), md5('s' || g)
    FROM generate_series(1, ${BACKGROUND_EVENTS}) g`)
  await database.db.execute(sql`
    INSERT INTO items (event_id, source, text, status, held, flags, x_post_id, posted_at)
    SELECT e.id, CASE WHEN i % 10 = 0 THEN 'x' ELSE 'attendee' END, 'Question ' || i,
      CASE WHEN i % 3 = 0 THEN 'approved' ELSE 'pending' END, false, '[]'::jsonb,
      CASE WHEN i % 10 = 0 THEN (e.id * 1000000 + i)::text END,
      CASE WHEN i % 10 = 0 THEN now() END
    FROM events e, generate_series(1, ${ITEMS_PER_EVENT}) i WHERE e.slug LIKE 'bench-%'`)
  await database.db.execute(sql`ANALYZE`)
}

function page(first: number): XPage {
  const users: UserV2[] = Array.from({ length: 20 }, (_, u) => ({ id: `u${u}`, username: `Ville_${u}`, name: `Ville ${u}` }))
  const posts: TweetV2[] = Array.from({ length: PAGE_SIZE }, (_, i) => {
    const id = String(1_500_000_000_000_000_000n + BigInt(first + i))
    return {
      id,
      text: `Question ${first + i} sur la coopération décentralisée #CNCD`,
      author_id: `u${i % 20}`,
      created_at: '2020-05-19T13:00:00.000Z',
      edit_history_tweet_ids: [id],
    }
  })
  return { posts, users, includedPosts: [], newestId: posts.at(-1)!.id, nextToken: null, done: true, rateLimit: null }
}

async function main(): Promise<void> {
  const { database, drop } = await open()
  try {
    const services = createServices(database, { publish: () => {} }, { publicUrl: 'http://bench' })
    await services.events.ensure({ ...defaultEvent, slug: defaultEvent.slug! })
    await fill(database)
    const event = await services.events.find(defaultEvent.slug!)
    const repository = new XRepository(database.db)
    await repository.ensure(event)
    await repository.update(event.id, { capPerMinute: 1000 })
    let clock = Date.parse('2020-05-19T13:00:00Z')
    const intake = new XIntake(database.db, { now: () => new Date(clock), capWindowMs: 60_000, warnings: new WarningsService() })

    const times: number[] = []
    for (let p = 0; p < PAGES; p += 1) {
      clock += 60_000
      const at = new Date(clock)
      await repository.update(event.id, { lastPollAt: at })
      const started = performance.now()
      const saved = await intake.savePage({ eventId: event.id, at }, page(p * PAGE_SIZE))
      times.push(performance.now() - started)
      if (saved.changes.length !== PAGE_SIZE) throw new Error(`page ${p}: ${saved.changes.length} changes`)
    }
    const scans: number[] = []
    for (let i = 0; i < 20; i += 1) {
      const started = performance.now()
      await repository.eventsWaitingForCap()
      scans.push(performance.now() - started)
    }
    // A page's 100 item changes, one transaction each way, taken in turns so both see the same machine load.
    const bodies: StoredChangeBody[] = (await database.db.select().from(items).limit(PAGE_SIZE)).map((row) => ({
      type: 'item',
      item: toItemView(row),
      ownerId: null,
      wasPublic: false,
    }))
    const oneByOne: number[] = []
    const batched: number[] = []
    for (let round = 0; round < 10; round += 1) {
      let started = performance.now()
      await database.db.transaction(async (tx) => {
        for (const body of bodies) await StreamRepository.append(tx, event.id, body)
      })
      oneByOne.push(performance.now() - started)
      started = performance.now()
      await database.db.transaction((tx) => StreamRepository.appendMany(tx, event.id, bodies))
      batched.push(performance.now() - started)
    }
    console.log(
      `${database.kind}: ${BACKGROUND_EVENTS} events × ${ITEMS_PER_EVENT} items; ` +
        `savePage of ${PAGE_SIZE} posts: median ${median(times).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms; ` +
        `held-items scan: median ${median(scans).toFixed(2)} ms; ` +
        `${PAGE_SIZE} changes: one by one median ${median(oneByOne).toFixed(1)} ms, in one batch ${median(batched).toFixed(1)} ms`,
    )
  } finally {
    await drop()
  }
}

await main()
