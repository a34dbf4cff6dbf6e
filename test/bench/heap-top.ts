// npm run heap:top -- <after.heapsnapshot> [--before <before.heapsnapshot>] [--per <clients>] [--count <rows>]
// What a heap holds, by constructor (objects by constructor, the rest by kind): with --before, what grew between
// the two snapshots; with --per, divided by the clients connected in between. `npm run bench -- --heap-snapshot
// <dir>` writes <target>-<size>-before/after.heapsnapshot for Tribune and the baseline.
import { readFileSync } from 'node:fs'

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } }
  nodes: number[]
  strings: string[]
}

const args = process.argv.slice(2)
const option = (name: string) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1] : undefined
}
const after = args[0]
if (!after || after.startsWith('--')) {
  console.error('usage: npm run heap:top -- <after.heapsnapshot> [--before <before.heapsnapshot>] [--per <clients>] [--count <rows>]')
  process.exit(2)
}

type Totals = Map<string, { count: number; bytes: number }>

function totals(file: string): Totals {
  const heap = JSON.parse(readFileSync(file, 'utf8')) as Snapshot
  const fields = heap.snapshot.meta.node_fields
  const types = heap.snapshot.meta.node_types[0]
  const [TYPE, NAME, SELF] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [number, number, number]
  const byName: Totals = new Map()
  for (let i = 0; i < heap.nodes.length; i += fields.length) {
    const type = types[heap.nodes[i + TYPE]!]!
    const name = type === 'object' || type === 'closure' ? `${heap.strings[heap.nodes[i + NAME]!]} (${type})` : `(${type})`
    const entry = byName.get(name) ?? { count: 0, bytes: 0 }
    entry.count += 1
    entry.bytes += heap.nodes[i + SELF]!
    byName.set(name, entry)
  }
  return byName
}

const grown = totals(after)
const beforeFile = option('before')
if (beforeFile) {
  for (const [name, { count, bytes }] of totals(beforeFile)) {
    const entry = grown.get(name) ?? { count: 0, bytes: 0 }
    grown.set(name, { count: entry.count - count, bytes: entry.bytes - bytes })
  }
}
const per = Number(option('per') ?? 1)
const total = [...grown.values()].reduce((sum, e) => sum + e.bytes, 0)
const kB = (bytes: number) => (bytes / 1024).toFixed(2)
console.log(`${beforeFile ? 'grown' : 'held'}: ${(total / 1024 / 1024).toFixed(1)} MB; per client (÷ ${per}): ${kB(total / per)} kB`)
console.log(`${'kB per client'.padStart(14)} ${'objects per client'.padStart(19)}  constructor`)
for (const [name, { count, bytes }] of [...grown].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, Number(option('count') ?? 40)))
  console.log(`${kB(bytes / per).padStart(14)} ${(count / per).toFixed(1).padStart(19)}  ${name}`)
