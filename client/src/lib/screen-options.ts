// What a public screen's address asks for (pure): which view, its language, a transparent background for a
// video mixer, and what to leave out. A display has nobody at it to press buttons: its address is its settings.
import type { Lang } from '../../../server/contract/schemas'

/**
 * full: the venue's screen (title, clock, question on air, where to ask with a QR code, moderation counts);
 * clean: the stream's (clock, question on air, where to ask) with no chrome; lower-third and timer: OBS overlays.
 */
type ScreenView = 'full' | 'clean' | 'lower-third' | 'timer'

export interface ScreenOptions {
  view: ScreenView
  /** Nothing painted behind the content: what a browser source in OBS or vMix keys over the video. */
  transparent: boolean
  /** The page's language, not remembered (the switch is not on these screens); null: the stored choice or French. */
  lang: Lang | null
  /** Show why questions were dismissed (« abusive (1) »): never on air unless asked. */
  reasons: boolean
  /** The transparent-moderation counts (full view). */
  stats: boolean
  /** Where to ask: the short address, and the QR code on the full view. */
  ask: boolean
}

const VIEWS: readonly ScreenView[] = ['full', 'clean', 'lower-third', 'timer']
const YES = new Set(['1', 'true', 'yes', 'oui', 'show'])
const NO = new Set(['0', 'false', 'no', 'non', 'hide'])

function flag(value: string | null, fallback: boolean): boolean {
  if (value === null) return fallback
  const word = value.trim().toLowerCase()
  return YES.has(word) ? true : NO.has(word) ? false : fallback
}

export function screenOptions(search: string): ScreenOptions {
  const query = new URLSearchParams(search)
  const asked = query.get('view')?.trim().toLowerCase() ?? ''
  const view = (VIEWS as readonly string[]).includes(asked) ? (asked as ScreenView) : 'full'
  const lang = query.get('lang')?.trim().toLowerCase()
  // Overlays are keyed over the video: transparent unless told otherwise.
  const overlay = view === 'lower-third' || view === 'timer'
  const bg = query.get('bg')?.trim().toLowerCase()
  return {
    view,
    transparent: bg === 'transparent' || (overlay && bg !== 'solid'),
    lang: lang === 'fr' || lang === 'en' ? lang : null,
    reasons: flag(query.get('reasons'), false),
    stats: flag(query.get('stats'), true),
    ask: flag(query.get('ask'), true),
  }
}

/** The address as people type it: no « https:// », no trailing slash (an http address keeps its scheme). */
export function shortAddress(url: string): string {
  return url.replace(/^https:\/\//i, '').replace(/\/+$/, '')
}
