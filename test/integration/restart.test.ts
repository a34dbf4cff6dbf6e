// kill -9 in the middle of a segment: after a restart every screen gets the same remaining time.
import { afterAll, describe, expect, it } from 'vitest'
import type { ClockView } from '../../server/contract/clock'
import { type ServerProcess, STORE_KINDS, freePort, freshStore, linkFrom, startServer } from '../helpers/process'

const running: ServerProcess[] = []
const cleanups: (() => void)[] = []
afterAll(async () => {
  for (const server of running) await server.stop('SIGKILL')
  for (const cleanup of cleanups) cleanup()
})

describe.each(STORE_KINDS)('restart safety on %s', (kind) => {
  it('loses no command, replays none, and keeps the remaining time within 100 ms', async () => {
    const store = await freshStore(kind, 'restart')
    cleanups.push(store.cleanup)
    const port = await freePort()
    const env = { ...store.env, PORT: String(port) }
    const base = `http://127.0.0.1:${port}/api/events/daect-2020-05-19/clock`

    const first = await startServer(env)
    running.push(first)
    const token = new URL(linkFrom(first.output, 'Moderator')).hash.slice('#token='.length)
    const command = (type: string) =>
      fetch(base, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ type }),
      })
    for (const type of ['start', 'next', 'pause', 'resume']) expect((await command(type)).status).toBe(200)
    const before: ClockView = await (await fetch(base)).json()
    expect(before).toMatchObject({ phase: 'running', current: { position: 1 } })

    first.child.kill('SIGKILL')
    await first.stop()
    const second = await startServer(env)
    running.push(second)
    const after: ClockView = await (await fetch(base)).json()

    expect(after.log.commands).toEqual(before.log.commands)
    const wallElapsed = Date.parse(after.serverNow) - Date.parse(before.serverNow)
    const expected = before.current!.remainingMs - wallElapsed
    expect(Math.abs(after.current!.remainingMs - expected)).toBeLessThanOrEqual(100)
    expect(after.current!.position).toBe(1)
    await second.stop()
  }, 120_000)
})
