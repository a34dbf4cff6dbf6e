// `npm run links` while the server runs (PGlite included, which only one process may open): the server rotates
// the links, screens that used the old ones are dropped at once; with the server stopped, the tool does it itself.
import { spawn } from 'node:child_process'
import { afterAll, describe, expect, it } from 'vitest'
import { defaultEvent } from '../../server/events/default-event'
import { connectError, connectScreen } from '../helpers/socket'
import { NODE_TSX, ROOT, STORE_KINDS, type ServerProcess, baseEnv, freePort, freshStore, linkFrom, startServer } from '../helpers/process'

const SLUG = defaultEvent.slug!
const running: ServerProcess[] = []
const cleanups: (() => void)[] = []
afterAll(async () => {
  for (const server of running) await server.stop('SIGKILL')
  for (const cleanup of cleanups) cleanup()
})

function links(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  const [node, ...flags] = NODE_TSX
  const child = spawn(node, [...flags, 'server/cli/links.ts', SLUG], { cwd: ROOT, env: { ...baseEnv(), ...env } })
  let output = ''
  child.stdout.on('data', (d) => (output += d))
  child.stderr.on('data', (d) => (output += d))
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, output })))
}

const tokenOf = (link: string) => new URL(link).hash.slice('#token='.length)

describe.each(STORE_KINDS)('npm run links on %s', (kind) => {
  it(
    'rotates through the running server, which drops old-link screens; then works with the server stopped',
    { timeout: 240_000 },
    async () => {
      const store = await freshStore(kind, 'links')
      cleanups.push(store.cleanup)
      const port = await freePort()
      const env = { ...store.env, PORT: String(port) }
      const url = `http://127.0.0.1:${port}`
      const server = await startServer(env)
      running.push(server)
      const oldToken = tokenOf(linkFrom(server.output, 'Moderator'))
      const moderator = await connectScreen(url, { slug: SLUG, token: oldToken })
      const dropped = new Promise<string>((resolve) => moderator.socket.once('disconnect', resolve))

      const first = await links(env)
      expect(first.code, first.output).toBe(0)
      expect(first.output).toMatch(/disconnected/)
      expect(await dropped).toBe('io server disconnect')
      expect((await connectError(url, { slug: SLUG, token: oldToken })).data).toMatchObject({ code: 'forbidden' })
      const newToken = tokenOf(linkFrom(first.output, 'Moderator'))
      const renewed = await connectScreen(url, { slug: SLUG, token: newToken })
      renewed.close()

      await server.stop()
      const second = await links(env)
      expect(second.code, second.output).toBe(0)
      const again = await startServer(env)
      running.push(again)
      expect((await connectError(url, { slug: SLUG, token: newToken })).data).toMatchObject({ code: 'forbidden' })
      const latest = await connectScreen(url, { slug: SLUG, token: tokenOf(linkFrom(second.output, 'Moderator')) })
      latest.close()
    },
  )
})
