// Runs Tribune as a real process (`npm start`'s entry point) for start-up and restart tests.
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import postgres from 'postgres'
import { inject } from 'vitest'
import { withDatabase } from './global-setup'

export const ROOT = path.resolve(import.meta.dirname, '../..')
/** One process, as `npm start` runs it: a signal reaches the server itself, not a wrapper. */
export const NODE_TSX = [process.execPath, '--import', 'tsx'] as const

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

/** The environment of a newcomer's shell: no database URL unless the test gives one. */
export function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn' }
  delete env.DATABASE_URL
  delete env.PUBLIC_URL
  return env
}

export interface ServerProcess {
  child: ChildProcess
  readonly output: string
  stop(signal?: NodeJS.Signals): Promise<number | null>
}

/**
 * A newcomer's start takes seconds (first PGlite start included); the suite runs test files two at a
 * time on two cores, and the machine may be running another suite besides: a start competing with them
 * is given four times the 30 s a user is promised (measured: over 60 s at a load average of 20).
 */
const START_LIMIT_MS = 120_000

export async function startServer(env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  const [node, ...flags] = NODE_TSX
  const child = spawn(node, [...flags, 'server/main.ts'], { cwd: ROOT, env: { ...baseEnv(), ...env } })
  let output = ''
  child.stdout.on('data', (d) => (output += d))
  child.stderr.on('data', (d) => (output += d))
  const startedAt = Date.now()
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (/Default event:|Speaker \(secret\)/.test(output)) {
        clearInterval(timer)
        resolve()
      } else if (child.exitCode !== null || Date.now() - startedAt > START_LIMIT_MS) {
        clearInterval(timer)
        child.kill('SIGKILL')
        reject(new Error(`did not start in ${START_LIMIT_MS / 1000} s:\n${output}`))
      }
    }, 50)
  })
  return {
    child,
    get output() {
      return output
    },
    stop: (signal = 'SIGTERM') =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode)
        child.once('exit', (code) => resolve(code))
        child.kill(signal)
      }),
  }
}

export type StoreKind = 'pglite' | 'postgres'
export const STORE_KINDS: StoreKind[] = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite']

/** A fresh place to keep data for a server process: a temporary PGlite folder, or an empty PostgreSQL database. */
export async function freshStore(kind: StoreKind, label: string): Promise<{ env: NodeJS.ProcessEnv; cleanup(): void }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `tribune-${label}-`))
  const env: NodeJS.ProcessEnv = { DATA_DIR: dataDir }
  if (kind === 'postgres') {
    const name = `${inject('pgPrefix')}_${label}`
    const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} })
    await admin.unsafe(`CREATE DATABASE ${name}`)
    await admin.end()
    env.DATABASE_URL = withDatabase(process.env.DATABASE_URL!, name)
  }
  return { env, cleanup: () => rmSync(dataDir, { recursive: true, force: true }) }
}

export function linkFrom(output: string, label: 'Moderator' | 'Speaker' | 'Organiser'): string {
  const match = new RegExp(`${label} \\(secret[^)]*\\): +(\\S+)`).exec(output)
  if (!match) throw new Error(`no ${label} link in:\n${output}`)
  return match[1]!
}
