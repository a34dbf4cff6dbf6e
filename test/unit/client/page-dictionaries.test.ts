// Each page carries only the dictionary parts it registers (client/src/<page>/messages.ts). Every key that the
// page's modules name — a literal such as 'tabs.ask', a plural base such as 'votes', or a template such as
// `status.${status}` — must be in those parts, in French and in English; otherwise the page would show the key.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { MessageKey } from '../../../client/src/lib/i18n'
import { clockFr } from '../../../client/src/lib/messages.clock.fr'
import { fr } from '../../../client/src/lib/messages.fr'
import { organiserFr } from '../../../client/src/lib/messages.organiser.fr'
import { screensFr } from '../../../client/src/lib/messages.screens.fr'
import { xFr } from '../../../client/src/lib/messages.x.fr'
import { adminMessages } from '../../../client/src/admin/messages'
import { attendeeMessages } from '../../../client/src/attendee/messages'
import { moderateMessages } from '../../../client/src/moderate/messages'
import { organiseMessages } from '../../../client/src/organise/messages'
import { registerMessages } from '../../../client/src/register/messages'
import { reportMessages } from '../../../client/src/report/messages'
import { screenMessages } from '../../../client/src/screen/messages'
import { stageMessages } from '../../../client/src/stage/messages'

const src = fileURLToPath(new URL('../../../client/src', import.meta.url))
const PAGES = {
  admin: adminMessages,
  attendee: attendeeMessages,
  moderate: moderateMessages,
  organise: organiseMessages,
  register: registerMessages,
  report: reportMessages,
  screen: screenMessages,
  stage: stageMessages,
}
const allKeys = new Set([fr, clockFr, xFr, organiserFr, screensFr].flatMap((part) => Object.keys(part))) as Set<MessageKey>

/** The client modules a page loads: its main.ts and what it imports (values, not types), followed through client/src. */
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
      // The dictionaries name every key: they are what is checked, not what uses keys.
      if (target?.startsWith(src) && !/[\\/]messages(\.[\w.]+)?\.ts$/.test(target)) visit(target)
    }
  }
  visit(join(src, page, 'main.ts'))
  return [...seen]
}

function resolveModule(from: string, specifier: string): string | null {
  const base = resolve(from, specifier)
  for (const candidate of [base, `${base}.ts`, `${base}.svelte.ts`, join(base, 'index.ts')]) {
    if (existsSync(candidate) && !candidate.endsWith('.css')) return candidate
  }
  return null
}

/** The keys a module's text names. */
function keysNamedIn(text: string): Set<MessageKey> {
  const found = new Set<MessageKey>()
  const add = (key: string) => {
    if (allKeys.has(key as MessageKey)) found.add(key as MessageKey)
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
    for (const key of allKeys) if (shape.test(key)) found.add(key)
  }
  return found
}

describe('per-page dictionaries', () => {
  for (const [page, parts] of Object.entries(PAGES)) {
    it(`${page}: every key its modules name is registered, in French and in English`, () => {
      const fr = new Set(parts.flatMap((part) => Object.keys(part.fr)))
      const en = new Set(parts.flatMap((part) => Object.keys(part.en)))
      const named = new Set(modulesOf(page).flatMap((file) => [...keysNamedIn(readFileSync(file, 'utf8'))]))
      expect(named.size).toBeGreaterThan(10)
      expect([...named].filter((key) => !fr.has(key)).sort()).toEqual([])
      expect([...named].filter((key) => !en.has(key)).sort()).toEqual([])
    })
  }
})
