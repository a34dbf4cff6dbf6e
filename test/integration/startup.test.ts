// `npm start` as a newcomer runs it: a real process, its printed links, a restart, link rotation, bad config.
import { spawnSync } from 'node:child_process'
import { afterAll, describe, expect, it } from 'vitest'
import { type ServerProcess, STORE_KINDS, ROOT, NODE_TSX, baseEnv, freePort, freshStore, linkFrom, startServer } from '../helpers/process'

const running: ServerProcess[] = []
const cleanups: (() => void)[] = []
afterAll(async () => {
  for (const server of running) await server.stop('SIGKILL')
  for (const cleanup of cleanups) cleanup()
})

describe.each(STORE_KINDS)('npm start on %s', (kind) => {
  it('serves /health, prints the three links once, and rotates them with npm run links', async () => {
    const port = await freePort()
    const store = await freshStore(kind, 'start')
    cleanups.push(store.cleanup)
    const env = { ...store.env, PORT: String(port) }
    const base = `http://127.0.0.1:${port}`

    const first = await startServer(env)
    running.push(first)
    expect(first.output).toContain(`Attendees (public):        ${base}/e/daect-2020-05-19`)
    expect(first.output).toContain(`Public screen:             ${base}/e/daect-2020-05-19/screen`)
    const moderatorLink = linkFrom(first.output, 'Moderator')
    expect(moderatorLink).toMatch(new RegExp(`^${base}/e/daect-2020-05-19/moderate#token=[\\w-]{43}$`))
    expect(linkFrom(first.output, 'Speaker')).toMatch(/\/stage#token=[\w-]{43}$/)
    expect(await (await fetch(`${base}/health`)).json()).toEqual({
      status: 'ok',
      database: kind,
      checks: { database: { status: 'ok', latencyMs: expect.any(Number) } },
      eventLoopDelayMs: { p50: expect.any(Number), p99: expect.any(Number), max: expect.any(Number), windowMs: expect.any(Number) },
      clockDriftMs: expect.any(Number),
    })
    const event = await (await fetch(`${base}/api/events/daect-2020-05-19`)).json()
    expect(event.segments.map((s: { plannedStart: string }) => s.plannedStart)).toEqual([
      '2020-05-19T15:00:00+02:00',
      '2020-05-19T15:45:00+02:00',
      '2020-05-19T16:15:00+02:00',
      '2020-05-19T17:00:00+02:00',
    ])
    const page = await fetch(`${base}/e/daect-2020-05-19/moderate`)
    expect(page.status).toBe(200)
    expect(await page.text()).toMatch(/<html lang="fr"/)
    const moderatorToken = new URL(moderatorLink).hash.slice('#token='.length)
    const asModerator = () =>
      fetch(`${base}/api/events/daect-2020-05-19/questions`, { headers: { authorization: `Bearer ${moderatorToken}` } })
    expect((await asModerator()).status).toBe(200)
    expect(await first.stop()).toBe(0)

    const rotated = spawnSync(NODE_TSX[0], [...NODE_TSX.slice(1), 'server/cli/links.ts', 'daect-2020-05-19'], {
      cwd: ROOT,
      env: { ...baseEnv(), ...env },
      encoding: 'utf8',
    })
    expect(rotated.status).toBe(0)
    expect(rotated.stdout).toMatch(/moderate#token=[\w-]{43}/)
    expect(rotated.stdout).not.toContain(moderatorToken)

    // A restart creates nothing twice and prints no secret; only the rotated link works.
    const second = await startServer(env)
    running.push(second)
    expect(second.output).toContain('Default event:')
    expect(second.output).not.toContain('#token=')
    expect((await asModerator()).status).toBe(403)
    const rotatedToken = new URL(linkFrom(rotated.stdout, 'Moderator')).hash.slice('#token='.length)
    expect(
      (await fetch(`${base}/api/events/daect-2020-05-19/questions`, { headers: { authorization: `Bearer ${rotatedToken}` } })).status,
    ).toBe(200)
    expect(await second.stop()).toBe(0)
  }, 120_000)
})

describe('bad configuration', () => {
  it('stops the start with one line naming the variable and a non-zero exit code', () => {
    const result = spawnSync(NODE_TSX[0], [...NODE_TSX.slice(1), 'server/main.ts'], {
      cwd: ROOT,
      env: { ...baseEnv(), PORT: 'eighty' },
      encoding: 'utf8',
    })
    expect(result.status).not.toBe(0)
    expect(result.stderr.trim()).toBe('Configuration error: PORT: must be a whole number from 0 to 65535 (got "eighty")')
  })

  it('refuses a database URL that is not PostgreSQL', () => {
    const result = spawnSync(NODE_TSX[0], [...NODE_TSX.slice(1), 'server/main.ts'], {
      cwd: ROOT,
      env: { ...baseEnv(), DATABASE_URL: 'mysql://localhost/x' },
      encoding: 'utf8',
    })
    expect(result.status).toBe(2)
    expect(result.stderr.trim()).toBe('Configuration error: DATABASE_URL: must start with postgres:// or postgresql://')
  })
})
