// Build-time (Node) only: a Vite plugin that keeps, in each page's build, only the dictionary entries the page
// names (page-keys.ts). The dictionaries stay whole in the sources, in the dev server and in the unit tests.
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
import { keysOfPage } from './page-keys'

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
const DICTIONARY = /[\\/]client[\\/]src[\\/]lib[\\/](messages(?:\.\w+)?\.(?:fr|en)\.ts)$/

/** `pages`: the environments that build one page each, named after it (vite.config.ts). */
export function pageDictionaries(pages: readonly string[]): Plugin {
  const keysByPage = new Map<string, Set<string>>()
  return {
    name: 'tribune-page-dictionaries',
    apply: 'build',
    load(id) {
      const page = this.environment.name
      const file = DICTIONARY.exec(id)?.[1]
      const dictionary = file ? DICTIONARIES[file] : undefined
      if (!dictionary || !pages.includes(page)) return null
      let keys = keysByPage.get(page)
      if (!keys) keysByPage.set(page, (keys = keysOfPage(page, ALL_KEYS)))
      const [name, entries] = dictionary
      const kept = Object.fromEntries(Object.entries(entries).filter(([key]) => keys.has(key)))
      return `export const ${name} = ${JSON.stringify(kept)}\n`
    },
  }
}
