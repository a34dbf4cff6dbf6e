// Panels a person opens or closes stay that way on their next visit (localStorage, this browser only).
import type { KeyValueStore } from './credentials'

function browserStore(): KeyValueStore | null {
  try {
    return window.localStorage
  } catch {
    return null // storage disabled: every panel starts as designed
  }
}

/** Whether the panel `key` was left open; `fallback` the first time (or without storage). */
export function rememberedOpen(key: string, fallback = false, store: KeyValueStore | null = browserStore()): boolean {
  const value = store?.getItem(key)
  return value === 'true' ? true : value === 'false' ? false : fallback
}

export function rememberOpen(key: string, open: boolean, store: KeyValueStore | null = browserStore()): void {
  try {
    store?.setItem(key, String(open))
  } catch {
    // storage full or disabled: the choice lasts for this page only
  }
}

/** The régie's panels, by key. */
export const PANEL_KEYS = {
  clockDetails: 'tribune:regie:clock-details',
  shortcuts: 'tribune:regie:shortcuts',
  flagWords: 'tribune:regie:flag-words',
  log: 'tribune:regie:log',
} as const
