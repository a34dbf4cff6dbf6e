// Normalises what an attendee typed before it is checked and stored (pure).

// C0/C1 controls except tab and newline, and the bidi embedding/override/isolate marks that can disguise text.
const UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\u200E\u200F\uFEFF]/g

export function normaliseText(raw: string): string {
  return raw
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(UNSAFE, '')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

/** Length as people count it: in characters (code points), not UTF-16 units. */
export function textLength(text: string): number {
  return Array.from(text).length
}

export function normaliseLabel(raw: string | undefined): string | null {
  if (raw === undefined) return null
  const value = normaliseText(raw).replace(/\s+/g, ' ')
  return value === '' ? null : value
}
