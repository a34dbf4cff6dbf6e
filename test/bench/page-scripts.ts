// What a page makes a browser download before it runs, read from the build (dist/client): the JavaScript its
// HTML loads (module scripts and modulepreload links), raw and gzipped at level 9 — the .gz the server sends
// (vite.config.ts). One measure for `npm run size` and `npm run bench`.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

export const DIST = fileURLToPath(new URL('../../dist/client', import.meta.url))
/** Gzipped bytes a page may make a browser download first (issue 10: the attendee page, opened on phones). */
export const BUDGETS: Record<string, number> = { attendee: 40_000 }

export interface PageScripts {
  chunks: { file: string; raw: number; gzip: number }[]
  raw: number
  gzip: number
}

export function pageScripts(page: string): PageScripts {
  const text = readFileSync(join(DIST, `${page}.html`), 'utf8')
  const files = [...text.matchAll(/<(?:script[^>]*\bsrc|link[^>]*\brel="modulepreload"[^>]*\bhref)="\/([^"]+\.js)"/g)].map((m) => m[1]!)
  const chunks = files.map((file) => {
    const bytes = readFileSync(join(DIST, file))
    return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length }
  })
  return {
    chunks,
    raw: chunks.reduce((sum, chunk) => sum + chunk.raw, 0),
    gzip: chunks.reduce((sum, chunk) => sum + chunk.gzip, 0),
  }
}
