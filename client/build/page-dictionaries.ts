// Build-time (Node) only: a Vite plugin that keeps, in each page's build, only the dictionary entries the page
// names (page-keys.ts): in French, those its first download names, each part loaded later (`import()`) bringing
// its own; in English, fetched only when chosen, all of them. The dictionaries stay whole in the sources, in the
// dev server and in the unit tests.
import { fileURLToPath } from 'node:url'
import type { Plugin } from 'vite'
import { clockEn } from '../src/lib/messages.clock.en'
import { clockFr } from '../src/lib/messages.clock.fr'
import { en } from '../src/lib/messages.en'
import { fr } from '../src/lib/messages.fr'
import { organiserEn } from '../src/lib/messages.organiser.en'
import { organiserFr } from '../src/lib/messages.organiser.fr'
import { screensEn } from '../src/lib/messages.screens.en'
import { screensFr } from '../src/lib/messages.screens.fr'
import { xEn } from '../src/lib/messages.x.en'
import { xFr } from '../src/lib/messages.x.fr'
import { keysByPart, type PageKeys } from './page-keys'

/** Each dictionary module by file name: its export's name and its entries. */
const DICTIONARIES: Record<string, [string, Record<string, string>]> = {
  'messages.fr.ts': ['fr', fr],
  'messages.en.ts': ['en', en],
  'messages.clock.fr.ts': ['clockFr', clockFr],
  'messages.clock.en.ts': ['clockEn', clockEn],
  'messages.x.fr.ts': ['xFr', xFr],
  'messages.x.en.ts': ['xEn', xEn],
  'messages.organiser.fr.ts': ['organiserFr', organiserFr],
  'messages.organiser.en.ts': ['organiserEn', organiserEn],
  'messages.screens.fr.ts': ['screensFr', screensFr],
  'messages.screens.en.ts': ['screensEn', screensEn],
}
const ALL_KEYS = new Set(Object.values(DICTIONARIES).flatMap(([, entries]) => Object.keys(entries)))
const DICTIONARY = /[\\/]client[\\/]src[\\/]lib[\\/](messages(?:\.\w+)?\.(fr|en)\.ts)$/
/**
 * Every French entry by key. Keys are unique across the parts, and page-dictionaries.test.ts checks that the
 * page registers every key its modules name, so a later part's words are those of the page's own parts.
 */
const FRENCH: Record<string, string> = { ...fr, ...clockFr, ...xFr, ...organiserFr, ...screensFr }
const I18N = fileURLToPath(new URL('../src/lib/i18n.ts', import.meta.url))

/** `pages`: the environments that build one page each, named after it (vite.config.ts). */
export function pageDictionaries(pages: readonly string[]): Plugin {
  const keysByPage = new Map<string, PageKeys>()
  const keysOf = (page: string): PageKeys => {
    let keys = keysByPage.get(page)
    if (!keys) keysByPage.set(page, (keys = keysByPart(page, ALL_KEYS)))
    return keys
  }
  return {
    name: 'tribune-page-dictionaries',
    apply: 'build',
    load(id) {
      const page = this.environment.name
      const match = DICTIONARY.exec(id)
      const dictionary = match ? DICTIONARIES[match[1]!] : undefined
      if (!match || !dictionary || !pages.includes(page)) return null
      const { first, later } = keysOf(page)
      const keep = (key: string) => first.has(key) || (match[2] === 'en' && [...later.values()].some((part) => part.has(key)))
      const [name, entries] = dictionary
      const kept = Object.fromEntries(Object.entries(entries).filter(([key]) => keep(key)))
      return `export const ${name} = ${JSON.stringify(kept)}\n`
    },
    // A part loaded later registers its French words as it is evaluated, before any of its code can show one.
    // On one line ahead of the compiled module, so that the rest keeps its lines.
    transform: {
      order: 'post',
      handler(code, id) {
        const page = this.environment.name
        if (!pages.includes(page)) return null
        // The module itself, not what a plugin derives from it (a component's `?svelte&type=style` CSS).
        const keys = keysOf(page).later.get(id)
        if (!keys || keys.size === 0) return null
        const words = Object.fromEntries([...keys].sort().map((key) => [key, FRENCH[key]]))
        const register = `import { useMessages as __words } from ${JSON.stringify(I18N)}; __words({ fr: [${JSON.stringify(words)}], en: [] });`
        return { code: `${register}${code}`, map: null }
      },
    },
  }
}
