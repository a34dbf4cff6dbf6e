// Builds the client with Vite when the build is missing or older than its sources (used by npm start).
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'

const STAMP = '.source-hash'

/** Everything the client bundle is built from, including the pure server modules it imports. */
const CLIENT_SOURCES = [
  'client',
  'server/contract',
  'server/clock',
  'server/moderation',
  'server/x/x.handles.ts',
  'server/events',
  'server/registration',
  'vite.config.ts',
  'package-lock.json',
]

/** Changed when the way the client is built changes, so that an older build is not taken for current. */
const BUILD_KIND = 'production:2'

function sourceHash(root: string): string {
  const hash = createHash('sha256').update(BUILD_KIND).update('\0')
  for (const file of CLIENT_SOURCES.flatMap((entry) => filesUnder(path.join(root, entry))).sort()) {
    hash.update(path.relative(root, file)).update('\0').update(readFileSync(file)).update('\0')
  }
  return hash.digest('hex')
}

function isBuildCurrent(root: string, outDir: string): boolean {
  const stamp = path.join(outDir, STAMP)
  return existsSync(path.join(outDir, 'attendee.html')) && existsSync(stamp) && readFileSync(stamp, 'utf8') === sourceHash(root)
}

export async function ensureClientBuild(root: string, outDir: string, log: (line: string) => void): Promise<void> {
  if (isBuildCurrent(root, outDir)) return
  log('Building the client (first start or sources changed)…')
  const { createBuilder } = await import('vite')
  // Always the production build, as `vite build` makes it: Vite and Svelte read NODE_ENV, and under the test
  // runner (NODE_ENV=test) they would build Svelte's development code (larger, slower) for every later start.
  const nodeEnv = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  try {
    // One build per page (vite.config.ts), as `vite build` does.
    const builder = await createBuilder({
      root: path.join(root, 'client'),
      configFile: path.join(root, 'vite.config.ts'),
      logLevel: 'warn',
      mode: 'production',
    })
    await builder.buildApp()
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV
    else process.env.NODE_ENV = nodeEnv
  }
  writeFileSync(path.join(outDir, STAMP), sourceHash(root))
}

function filesUnder(entry: string): string[] {
  if (!existsSync(entry)) return []
  if (!statSync(entry).isDirectory()) return [entry]
  return readdirSync(entry, { withFileTypes: true }).flatMap((d) => (d.name === 'node_modules' ? [] : filesUnder(path.join(entry, d.name))))
}
