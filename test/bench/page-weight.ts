// npm run size — what each page makes a browser download before it runs: the JavaScript its HTML loads
// (its module scripts and modulepreload links) in dist/client, raw and gzipped (level 9), after `npm run build`.
// The attendee page is opened on phones, often on mobile data: its budget is 40 kB gzipped (issue 10).
// Exits with 1 when a page is over its budget, so a script can check it; it is not part of `npm test`.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

const dist = fileURLToPath(new URL('../../dist/client', import.meta.url))
const BUDGETS: Record<string, number> = { attendee: 40_000 }
const showChunks = process.argv.includes('--chunks')

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`.padStart(9)

function sizes(file: string): { raw: number; gzip: number } {
  const bytes = readFileSync(join(dist, file))
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length }
}

let html: string[]
try {
  html = readdirSync(dist).filter((name) => name.endsWith('.html'))
} catch {
  console.error('dist/client is missing: run `npm run build` first.')
  process.exit(2)
}

let over = false
console.log(`${'page'.padEnd(10)}${'raw'.padStart(9)}${'gzip'.padStart(9)}  budget`)
for (const name of html.sort()) {
  const page = name.replace(/\.html$/, '')
  const text = readFileSync(join(dist, name), 'utf8')
  const scripts = [...text.matchAll(/<(?:script[^>]*\bsrc|link[^>]*\brel="modulepreload"[^>]*\bhref)="\/([^"]+\.js)"/g)].map(
    (match) => match[1]!,
  )
  const chunks = scripts.map((file) => ({ file, ...sizes(file) }))
  const raw = chunks.reduce((sum, chunk) => sum + chunk.raw, 0)
  const gzip = chunks.reduce((sum, chunk) => sum + chunk.gzip, 0)
  const budget = BUDGETS[page]
  const verdict = budget === undefined ? '' : gzip <= budget ? `≤ ${kB(budget).trim()} ok` : `> ${kB(budget).trim()} OVER BUDGET`
  if (budget !== undefined && gzip > budget) over = true
  console.log(`${page.padEnd(10)}${kB(raw)}${kB(gzip)}  ${verdict}`)
  if (showChunks)
    for (const chunk of chunks.sort((a, b) => b.gzip - a.gzip)) console.log(`  ${chunk.file.padEnd(48)}${kB(chunk.raw)}${kB(chunk.gzip)}`)
}
if (over) process.exitCode = 1
