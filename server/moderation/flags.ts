// Warnings for moderators (pure): profanity from an editable French/English list, and spam signs.
// Flags never delete or hide anything by themselves; they make a moderator look twice.

/** A short default list; each event can replace it (settings.flagWords). Matched on whole words, accents ignored. */
export const DEFAULT_FLAG_WORDS = [
  // français
  'connard',
  'connasse',
  'conne',
  'con',
  'salaud',
  'salope',
  'merde',
  'putain',
  'enculé',
  'encule',
  'batard',
  'bâtard',
  'pute',
  'nique',
  'ta gueule',
  'abruti',
  'crétin',
  'débile',
  'fdp',
  // English
  'fuck',
  'fucking',
  'shit',
  'bitch',
  'bastard',
  'asshole',
  'dickhead',
  'idiot',
  'moron',
  'wtf',
]

export type Flag = 'profanity' | 'spam'

export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
}

export function flagsFor(text: string, words: readonly string[] = DEFAULT_FLAG_WORDS): Flag[] {
  const flags: Flag[] = []
  const folded = ` ${fold(text).replace(/[^\p{L}\p{N}]+/gu, ' ')} `
  if (words.some((w) => w.trim() !== '' && folded.includes(` ${fold(w).trim()} `))) flags.push('profanity')
  if (looksLikeSpam(text)) flags.push('spam')
  return flags
}

function looksLikeSpam(text: string): boolean {
  const links = text.match(/https?:\/\/|www\.|\b[\w-]+\.(?:com|net|ru|xyz|biz|info)\b/gi)?.length ?? 0
  const letters = text.replace(/[^\p{L}]/gu, '')
  const shouting = letters.length >= 20 && letters === letters.toUpperCase() && letters !== letters.toLowerCase()
  const repeated = /(.)\1{7,}/u.test(text)
  return links >= 2 || shouting || repeated
}
