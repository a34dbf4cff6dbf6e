// Pure translation: dictionaries, interpolation and plurals. The reactive language lives in i18n.svelte.ts.
// Every key of every dictionary part type-checks everywhere (one MessageKey), but a page carries only the parts
// its components use, and the French ones only: its main.ts registers them with a loader for the English ones
// (client/src/<page>/messages.ts), fetched when English is chosen. A unit test checks that every key a page's
// modules name is in the parts it registers, in both languages.
import type { Lang } from '../../../server/contract/schemas'
import type { ClockMessageKey } from './messages.clock.fr'
import type { MessageKey as BaseMessageKey } from './messages.fr'
import type { ScreensMessageKey } from './messages.screens.fr'
import type { XMessageKey } from './messages.x.fr'
import type { OrganiserMessageKey } from './messages.organiser.fr'

/** Every key: the base dictionaries plus the agenda clock's (messages.clock.*.ts), the X source's (messages.x.*.ts), the organiser's (messages.organiser.*.ts) and the live screens' (messages.screens.*.ts). */
export type MessageKey = BaseMessageKey | ClockMessageKey | XMessageKey | OrganiserMessageKey | ScreensMessageKey
export type { Lang }
const DEFAULT_LANG: Lang = 'fr'
export const LANG_STORAGE_KEY = 'tribune:lang'

/** Some of the dictionary parts of one language. */
export type MessageParts = readonly Partial<Record<MessageKey, string>>[]
/** A page's words: each language's parts, or how to fetch them. */
export type PageMessages = { [L in Lang]: MessageParts | (() => Promise<MessageParts>) }

const dictionaries: Record<Lang, Partial<Record<MessageKey, string>>> = { fr: {}, en: {} }
const pending: Partial<Record<Lang, () => Promise<MessageParts>>> = {}

/** A page's dictionary parts, registered by its main.ts before anything is shown. */
export function useMessages(messages: PageMessages): void {
  for (const lang of ['fr', 'en'] as const) {
    const parts = messages[lang]
    if (typeof parts === 'function') pending[lang] = parts
    else for (const part of parts) Object.assign(dictionaries[lang], part)
  }
}

/** Fetches a language's parts if they were registered as a loader; resolves at once when they are in. */
export async function loadMessages(lang: Lang): Promise<void> {
  const load = pending[lang]
  if (!load) return
  const parts = await load()
  if (pending[lang] !== load) return // another call registered them meanwhile
  delete pending[lang]
  for (const part of parts) Object.assign(dictionaries[lang], part)
}

/** A key the page did not register reads as itself (the page-dictionaries unit test keeps that from shipping). */
function template(lang: Lang, key: MessageKey): string {
  return dictionaries[lang][key] ?? key
}

/** Keys that come in `.one` / `.other` pairs, chosen by Intl.PluralRules. */
export type PluralKey = { [K in MessageKey]: K extends `${infer Base}.one` ? Base : never }[MessageKey]

export type Params = Record<string, string | number>

/** Intl locale per language: British English for dates such as "Tuesday, 19 May 2020". */
export function locale(lang: Lang): string {
  return lang === 'fr' ? 'fr-FR' : 'en-GB'
}

function isLang(value: unknown): value is Lang {
  return value === 'fr' || value === 'en'
}

/** The stored choice wins; otherwise French, the product's default, whatever the browser says. */
export function initialLang(stored: string | null): Lang {
  return isLang(stored) ? stored : DEFAULT_LANG
}

export function otherLang(lang: Lang): Lang {
  return lang === 'fr' ? 'en' : 'fr'
}

const numberFormats = new Map<Lang, Intl.NumberFormat>()

export function formatNumber(lang: Lang, value: number): string {
  let format = numberFormats.get(lang)
  if (!format) {
    format = new Intl.NumberFormat(locale(lang))
    numberFormats.set(lang, format)
  }
  return format.format(value)
}

function interpolate(lang: Lang, template: string, params: Params | undefined): string {
  if (!params) return template
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name]
    if (value === undefined) return whole
    return typeof value === 'number' ? formatNumber(lang, value) : value
  })
}

export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  return interpolate(lang, template(lang, key), params)
}

export function translatePlural(lang: Lang, key: PluralKey, count: number, params?: Params): string {
  const category = new Intl.PluralRules(locale(lang)).select(count)
  const full = (category === 'one' ? `${key}.one` : `${key}.other`) as MessageKey
  return interpolate(lang, template(lang, full), { ...params, count })
}

/** "A, B et C" / "A, B and C". */
export function formatList(lang: Lang, items: readonly string[]): string {
  return new Intl.ListFormat(locale(lang), { type: 'conjunction', style: 'long' }).format(items)
}
