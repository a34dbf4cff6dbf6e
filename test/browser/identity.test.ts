// One identity per browser: a reload or a second tab keeps the attendee's identity, even two tabs opened together.
import { eq } from 'drizzle-orm'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { attendees, events } from '../../db/schema'
import { createEvent, startTestApp, type TestApp } from '../helpers/app'
import { launchBrowser } from '../helpers/browser'

let t: TestApp
let browser: Browser

beforeAll(async () => {
  t = await startTestApp({ listen: true, serveClient: true })
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await t?.close()
})

async function identities(slug: string): Promise<number> {
  const rows = await t.database.db
    .select({ id: attendees.id })
    .from(attendees)
    .innerJoin(events, eq(events.id, attendees.eventId))
    .where(eq(events.slug, slug))
  return rows.length
}

describe('attendee identity', () => {
  it('two tabs opened at the same moment, then a reload: one identity in the browser and on the server', async () => {
    const event = await createEvent(t)
    const context = await browser.newContext({ locale: 'fr-FR' })
    const [first, second] = await Promise.all([context.newPage(), context.newPage()])
    const url = `${t.url}/e/${event.slug}`
    await Promise.all([first.goto(url), second.goto(url)])
    for (const page of [first, second]) await page.locator('[data-connected="true"]').waitFor({ timeout: 20_000 })
    const stored = (page: typeof first) => page.evaluate(() => Object.entries(localStorage).filter(([key]) => key.includes('attendee')))
    expect(await stored(first)).toEqual(await stored(second))
    expect(await identities(event.slug)).toBe(1)

    await second.reload()
    await second.locator('[data-connected="true"]').waitFor({ timeout: 20_000 })
    expect(await identities(event.slug)).toBe(1)
    await context.close()
  }, 60_000)
})
