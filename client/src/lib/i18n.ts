// Pure translation: dictionaries, interpolation and plurals. The reactive language lives in i18n.svelte.ts.
import type { Lang } from '../../../server/contract/schemas'
import { clockEn } from './messages.clock.en'
import { clockFr, type ClockMessageKey } from './messages.clock.fr'
import { en } from './messages.en'
import { fr, type MessageKey as BaseMessageKey } from './messages.fr'
import { screensEn } from './messages.screens.en'
import { screensFr, type ScreensMessageKey } from './messages.screens.fr'
import { xEn } from './messages.x.en'
import { xFr, type XMessageKey } from './messages.x.fr'
import { organiserEn } from './messages.organiser.en'
import { organiserFr, type OrganiserMessageKey } from './messages.organiser.fr'

/** Every key: the base dictionaries plus the agenda clock's (messages.clock.*.ts), the X source's (messages.x.*.ts), the organiser's (messages.organiser.*.ts) and the live screens' (messages.screens.*.ts). */
export type MessageKey = BaseMessageKey | ClockMessageKey | XMessageKey | OrganiserMessageKey | ScreensMessageKey
export type { Lang }
const DEFAULT_LANG: Lang = 'fr'
export const LANG_STORAGE_KEY = 'tribune:lang'

const dictionaries: Record<Lang, Record<MessageKey, string>> = {
  fr: { ...fr, ...clockFr, ...xFr, ...organiserFr, ...screensFr },
  en: { ...en, ...clockEn, ...xEn, ...organiserEn, ...screensEn },
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
  return interpolate(lang, dictionaries[lang][key], params)
}

export function translatePlural(lang: Lang, key: PluralKey, count: number, params?: Params): string {
  const category = new Intl.PluralRules(locale(lang)).select(count)
  const full = (category === 'one' ? `${key}.one` : `${key}.other`) as MessageKey
  return interpolate(lang, dictionaries[lang][full], { ...params, count })
}

/** "A, B et C" / "A, B and C". */
export function formatList(lang: Lang, items: readonly string[]): string {
  return new Intl.ListFormat(locale(lang), { type: 'conjunction', style: 'long' }).format(items)
}
