// npm run size — what each page makes a browser download before it runs: the JavaScript its HTML loads
// (page-scripts.ts), raw and gzipped, after `npm run build`.
// The attendee page is opened on phones, often on mobile data: its budget is 40 kB gzipped (issue 10).
// Exits with 1 when a page is over its budget, so a script can check it; it is not part of `npm test`.
import { readdirSync } from 'node:fs'
import { BUDGETS, DIST, pageScripts } from './page-scripts'

const showChunks = process.argv.includes('--chunks')

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`.padStart(9)

let html: string[]
try {
  html = readdirSync(DIST).filter((name) => name.endsWith('.html'))
} catch {
  console.error('dist/client is missing: run `npm run build` first.')
  process.exit(2)
}

let over = false
console.log(`${'page'.padEnd(10)}${'raw'.padStart(9)}${'gzip'.padStart(9)}  budget`)
for (const name of html.sort()) {
  const page = name.replace(/\.html$/, '')
  const { chunks, raw, gzip } = pageScripts(page)
  const budget = BUDGETS[page]
  const verdict = budget === undefined ? '' : gzip <= budget ? `≤ ${kB(budget).trim()} ok` : `> ${kB(budget).trim()} OVER BUDGET`
  if (budget !== undefined && gzip > budget) over = true
  console.log(`${page.padEnd(10)}${kB(raw)}${kB(gzip)}  ${verdict}`)
  if (showChunks)
    for (const chunk of chunks.sort((a, b) => b.gzip - a.gzip)) console.log(`  ${chunk.file.padEnd(48)}${kB(chunk.raw)}${kB(chunk.gzip)}`)
}
if (over) process.exitCode = 1
