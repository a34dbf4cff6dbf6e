// Build-time (Node) only: which dictionary keys a page's modules name. vite.config.ts keeps only those keys in
// the page's dictionaries; test/unit/client/page-dictionaries.test.ts checks they are all registered, in both
// languages. A key is named by a literal ('tabs.ask'), a plural base ('votes' for votes.one / votes.other) or a
// template whose start is fixed (`status.${status}`: every status.* key). Comments count too: a spare word costs
// little, a missing one shows its key.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const repo = fileURLToPath(new URL('../..', import.meta.url))
const src = join(repo, 'client', 'src')

/** The modules a page loads: its main.ts and what it imports (values, not types), in client/ and server/. */
function modulesOf(page: string): string[] {
  const seen = new Set<string>()
  const visit = (file: string) => {
    if (seen.has(file)) return
    seen.add(file)
    const text = readFileSync(file, 'utf8')
    for (const match of text.matchAll(
      /(?:^|[;\n]\s*)(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)/g,
    )) {
      if (match[2]) continue
      const target = resolveModule(dirname(file), (match[3] ?? match[4])!)
      // The dictionaries name every key: they are what is picked from, not what uses keys.
      if (target && !target.includes('node_modules') && !/[\\/]messages(\.[\w.]+)?\.ts$/.test(target)) visit(target)
    }
  }
  visit(join(src, page, 'main.ts'))
  return [...seen]
}

function resolveModule(from: string, specifier: string): string | null {
  const base = resolve(from, specifier)
  if (!base.startsWith(repo)) return null
  for (const candidate of [base, `${base}.ts`, `${base}.svelte.ts`])
    if (existsSync(candidate) && /\.(ts|svelte)$/.test(candidate)) return candidate
  return null
}

/** The keys among `keys` that a module's text names. */
function keysNamedIn(text: string, keys: ReadonlySet<string>, found: Set<string>): void {
  const add = (key: string) => {
    if (keys.has(key)) found.add(key)
  }
  for (const match of text.matchAll(/'([^'\\\n]*)'|"([^"\\\n]*)"/g)) {
    const literal = (match[1] ?? match[2])!
    add(literal)
    add(`${literal}.one`)
    add(`${literal}.other`)
  }
  for (const match of text.matchAll(/`([^`]*)`/g)) {
    const pieces = match[1]!.split(/\$\{[^}]*\}/)
    if (pieces.length < 2 || !pieces[0]!.includes('.')) continue
    const shape = new RegExp(`^${pieces.map((piece) => piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\w-]+')}$`)
    for (const key of keys) if (shape.test(key)) found.add(key)
  }
}

/** The keys among `keys` that the page's modules name. */
export function keysOfPage(page: string, keys: ReadonlySet<string>): Set<string> {
  const found = new Set<string>()
  for (const file of modulesOf(page)) keysNamedIn(readFileSync(file, 'utf8'), keys, found)
  return found
}
