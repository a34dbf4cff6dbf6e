// Fails when the migrations do not match the schema (drizzle-kit would generate a new one) or when a migration
// that was already committed has changed: migrations are append-only, since a database that ran the old text
// never runs the new one. `db/migrations/checksums.txt` records each migration's SHA-256 when it is added.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const folder = path.join(root, 'db', 'migrations')
const checksumsFile = path.join(folder, 'checksums.txt')
const problems: string[] = []

const drizzleKit = (args: string[], cwd: string) =>
  execFileSync(process.execPath, [path.join(root, 'node_modules', 'drizzle-kit', 'bin.cjs'), ...args], { cwd, stdio: 'pipe' })

// `npm run db:generate -- --name what`: a new migration from db/schema.ts, recorded as committed-to-be.
if (process.argv.includes('--generate')) {
  const name = process.argv[process.argv.indexOf('--name') + 1]
  drizzleKit(['generate', ...(process.argv.includes('--name') && name ? ['--name', name] : [])], root)
  process.argv.push('--record')
}

const sqlFiles = () =>
  readdirSync(folder)
    .filter((f) => f.endsWith('.sql'))
    .sort()
const digest = (file: string) =>
  createHash('sha256')
    .update(readFileSync(path.join(folder, file)))
    .digest('hex')

// 1. Append-only: every recorded migration still has its recorded text; a new one is recorded with --record.
const recorded = new Map(
  (existsSync(checksumsFile) ? readFileSync(checksumsFile, 'utf8') : '')
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split(/\s+/) as [string, string])
    .map(([sum, file]) => [file, sum]),
)
for (const [file, sum] of recorded) {
  if (!existsSync(path.join(folder, file))) problems.push(`${file} was deleted: committed migrations are never removed`)
  else if (digest(file) !== sum) problems.push(`${file} was edited after it was committed: add a new migration instead`)
}
const unrecorded = sqlFiles().filter((file) => !recorded.has(file))
if (process.argv.includes('--record')) {
  writeFileSync(
    checksumsFile,
    sqlFiles()
      .map((file) => `${recorded.get(file) ?? digest(file)}  ${file}\n`)
      .join(''),
  )
} else if (unrecorded.length > 0) {
  problems.push(
    `not recorded yet: ${unrecorded.join(', ')} (run: npm run db:generate, or node --import tsx db/check-migrations.ts --record)`,
  )
}

// 2. In step with the schema: generating from db/schema.ts on a copy must find nothing to add.
const scratch = path.join('node_modules', '.cache', 'tribune-migration-check')
rmSync(path.join(root, scratch), { recursive: true, force: true })
mkdirSync(path.join(root, scratch), { recursive: true })
cpSync(folder, path.join(root, scratch, 'migrations'), { recursive: true })
const before = readdirSync(path.join(root, scratch, 'migrations')).length
drizzleKit(['generate', '--dialect', 'postgresql', '--schema', './db/schema.ts', '--out', `./${scratch}/migrations`], root)
const generated = readdirSync(path.join(root, scratch, 'migrations')).filter((f) => f.endsWith('.sql'))
if (readdirSync(path.join(root, scratch, 'migrations')).length !== before) {
  problems.push(
    `db/schema.ts has changes no migration holds: run npm run db:generate (would add ${generated.filter((f) => !existsSync(path.join(folder, f))).join(', ')})`,
  )
}
rmSync(path.join(root, scratch), { recursive: true, force: true })

if (problems.length > 0) {
  for (const problem of problems) console.error(`migrations: ${problem}`)
  process.exit(1)
}
console.log(`migrations: ${sqlFiles().length} committed, unchanged, in step with db/schema.ts`)
