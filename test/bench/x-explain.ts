// DATABASE_URL=postgres://… node --import tsx test/bench/x-explain.ts — the plans PostgreSQL picks for the X
// source's hot queries (the held-items scan of every tick, a page's intake), on a database of many events.
// The repository's own queries are captured as they run, then explained as a generic plan (what PostgreSQL
// caches for a prepared statement, whatever the parameters), with EXPLAIN ANALYZE.
import { randomBytes } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/postgres-js'
import postgres from 'postgres'
import { openDatabase, type Db } from '../../db/connect'
import * as schema from '../../db/schema'
import { XRepository } from '../../server/x/x.repository'

const EVENTS = Number(process.env.EVENTS ?? 200)
const ITEMS_PER_EVENT = Number(process.env.ITEMS_PER_EVENT ?? 2000)

const url = process.env.DATABASE_URL
if (!url) throw new Error('DATABASE_URL: this explains PostgreSQL plans')
const name = `tribune_explain_${randomBytes(4).toString('hex')}`
const admin = postgres(url, { max: 1, onnotice: () => {} })
await admin.unsafe(`CREATE DATABASE ${name}`)
const target = new URL(url)
target.pathname = `/${name}`

try {
  const migrated = await openDatabase({ kind: 'postgres', url: target.href })
  await migrated.db.execute(sql`
    INSERT INTO events (slug, title, time_zone, local_date, settings, moderator_secret_hash, speaker_secret_hash)
    SELECT 'e-' || g, 'Event ' || g, 'Europe/Paris', '2020-05-19', '{}'::jsonb, md5('m' || g), md5('s' || g)
    FROM generate_series(1, ${EVENTS}) g`)
  // A tenth of the items come from X; the last five events each have 50 posts held by the cap.
  await migrated.db.execute(sql`
    INSERT INTO items (event_id, source, text, status, held, flags, x_post_id, posted_at, created_at)
    SELECT e.id, CASE WHEN i % 10 = 0 OR (e.id > ${EVENTS - 5} AND i <= 50) THEN 'x' ELSE 'attendee' END, 'Question ' || i,
      CASE WHEN i % 3 = 0 THEN 'approved' ELSE 'pending' END,
      e.id > ${EVENTS - 5} AND i <= 50,
      CASE WHEN e.id > ${EVENTS - 5} AND i <= 50 THEN '["x_cap"]'::jsonb ELSE '[]'::jsonb END,
      CASE WHEN i % 10 = 0 OR (e.id > ${EVENTS - 5} AND i <= 50) THEN (e.id::bigint * 1000000 + i)::text END,
      now() - (i || ' seconds')::interval, now() - (i || ' seconds')::interval
    FROM events e, generate_series(1, ${ITEMS_PER_EVENT}) i`)
  await migrated.db.execute(sql`
    INSERT INTO moderation_log (event_id, item_id, seq, actor, action, from_status, to_status, at)
    SELECT event_id, id, 0, CASE WHEN source = 'x' THEN 'x_cap' ELSE 'moderator' END,
      CASE WHEN source = 'x' AND NOT held THEN 'x_cap_release' ELSE 'approve' END, 'pending', status, created_at
    FROM items WHERE status = 'approved' OR source = 'x'`)
  // WITHOUT_X_INDEXES=1: the same queries without migration 0001's indexes, to compare.
  if (process.env.WITHOUT_X_INDEXES)
    await migrated.db.execute(sql`DROP INDEX items_x_waiting_for_cap, items_x_created, moderation_log_x_cap_release`)
  await migrated.db.execute(sql`ANALYZE`)
  await migrated.close()

  const client = postgres(target.href, { max: 1, onnotice: () => {} })
  const captured: { query: string; params: unknown[] }[] = []
  const db = drizzle(client, { schema, logger: { logQuery: (query, params) => captured.push({ query, params }) } }) as unknown as Db
  const repository = new XRepository(db)
  const eventId = EVENTS
  const now = new Date()
  const windowStart = new Date(Math.floor(now.getTime() / 60_000) * 60_000)
  const runs: [string, () => Promise<unknown>][] = [
    ['held-items scan across all events (every tick)', () => repository.eventsWaitingForCap()],
    ['an event has posts held (every cycle)', () => repository.hasWaitingForCap(eventId)],
    ['held posts, oldest first (release)', () => XRepository.waitingForCap(db, eventId)],
    ['posts already in (a page)', () => XRepository.existingPostIds(db, eventId, ['200000010', '200000020', '1'])],
    ['entered this minute (a page)', () => XRepository.enteredInWindow(db, eventId, windowStart, new Date(windowStart.getTime() + 60_000))],
  ]
  const literal = (value: unknown) => (typeof value === 'number' ? String(value) : `'${String(value).replace(/'/g, "''")}'`)
  await client.unsafe('SET plan_cache_mode = force_generic_plan')
  for (const [label, run] of runs) {
    captured.length = 0
    await run()
    for (const [i, { query, params }] of captured.entries()) {
      await client.unsafe(`PREPARE explained AS ${query}`)
      const plan = await client.unsafe(
        `EXPLAIN (ANALYZE, COSTS OFF, SUMMARY OFF) EXECUTE explained${params.length ? `(${params.map(literal).join(', ')})` : ''}`,
      )
      await client.unsafe('DEALLOCATE explained')
      console.log(`\n== ${label}${captured.length > 1 ? ` (${i + 1}/${captured.length})` : ''}`)
      for (const row of plan) console.log(`   ${row['QUERY PLAN']}`)
    }
  }
  await client.end()
} finally {
  await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  await admin.end()
}
