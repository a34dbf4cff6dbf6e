// Build-time (Node) only: which dictionary keys a page's modules name, and which part of the page names them.
// vite.config.ts keeps only those keys in the page's dictionaries; test/unit/client/page-dictionaries.test.ts
// checks they are all registered, in both languages. A key is named by a literal ('tabs.ask'), a plural base
// ('votes' for votes.one / votes.other) or a template whose start is fixed (`status.${status}`: every status.*
// key). Comments count too: a spare word costs little, a missing one shows its key.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const repo = fileURLToPath(new URL('../..', import.meta.url))
const src = join(repo, 'client', 'src')

/** A module's imports of values (not types), in client/ and server/: static ones, and `import()` targets. */
function importsOf(file: string): { statics: string[]; later: string[] } {
  const statics: string[] = []
  const later: string[] = []
  const text = readFileSync(file, 'utf8')
  for (const match of text.matchAll(
    /(?:^|[;\n]\s*)(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)/g,
  )) {
    if (match[2]) continue
    const target = resolveModule(dirname(file), (match[3] ?? match[4])!)
    // The dictionaries name every key: they are what is picked from, not what uses keys.
    if (!target || target.includes('node_modules') || /[\\/]messages(\.[\w.]+)?\.ts$/.test(target)) continue
    ;(match[4] ? later : statics).push(target)
  }
  return { statics, later }
}

function resolveModule(from: string, specifier: string): string | null {
  const base = resolve(from, specifier)
  if (!base.startsWith(repo)) return null
  for (const candidate of [base, `${base}.ts`, `${base}.svelte.ts`])
    if (existsSync(candidate) && /\.(ts|svelte)$/.test(candidate)) return candidate
  return null
}

/** `root` and what it imports statically, less `loaded` (already in the page); the `import()` targets met on the way. */
function closure(root: string, loaded: ReadonlySet<string>): { modules: Set<string>; later: Set<string> } {
  const modules = new Set<string>()
  const later = new Set<string>()
  const visit = (file: string) => {
    if (modules.has(file) || loaded.has(file)) return
    modules.add(file)
    const imports = importsOf(file)
    for (const target of imports.later) later.add(target)
    for (const target of imports.statics) visit(target)
  }
  visit(root)
  return { modules, later }
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

function keysNamedInAll(files: Iterable<string>, keys: ReadonlySet<string>): Set<string> {
  const found = new Set<string>()
  for (const file of files) keysNamedIn(readFileSync(file, 'utf8'), keys, found)
  return found
}

export interface PageKeys {
  /** What the page's main.ts and its static imports name: the words the page carries. */
  first: Set<string>
  /** Each part loaded later (an `import()` target's file, with what it imports that the page did not load first): the keys it names that `first` lacks. */
  later: Map<string, Set<string>>
}

/** The keys among `keys` that the page's modules name, by when they are loaded. */
export function keysByPart(page: string, keys: ReadonlySet<string>): PageKeys {
  const first = closure(join(src, page, 'main.ts'), new Set())
  const firstKeys = keysNamedInAll(first.modules, keys)
  const later = new Map<string, Set<string>>()
  const roots = [...first.later]
  for (let root = roots.pop(); root !== undefined; root = roots.pop()) {
    if (later.has(root) || first.modules.has(root)) continue
    const part = closure(root, first.modules)
    later.set(root, new Set([...keysNamedInAll(part.modules, keys)].filter((key) => !firstKeys.has(key))))
    roots.push(...part.later)
  }
  return { first: firstKeys, later }
}

/** The keys among `keys` that the page's modules name, whenever they are loaded. */
export function keysOfPage(page: string, keys: ReadonlySet<string>): Set<string> {
  const { first, later } = keysByPart(page, keys)
  return new Set([...first, ...[...later.values()].flatMap((part) => [...part])])
}
