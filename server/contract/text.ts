// The one cleaning rule for text people type (pure, shared by the client's counters and every stored field).
// Linear in the input: two passes of a loop and one NFC, no regular expression that can backtrack (the old
// `/[ \t]+\n/` took quadratic time on a long run of spaces not followed by a line break).

export interface CleanOptions {
  /** Keep line breaks (at most one blank line in a row); otherwise every space and break folds to one space. */
  multiline?: boolean
  /** The field's maximum length: the input is cut to a few times this before any work, so a huge value costs little. */
  max?: number
}

/** How much of an over-long input is looked at: room for what cleaning removes, not for a megabyte of spaces. */
const BOUND_FACTOR = 4

/**
 * Removes what must never be stored or shown: NUL and the other C0/C1 controls (PostgreSQL refuses NUL in text),
 * the bidi embeddings, overrides and isolates that can disguise a text (U+202A–202E, U+2066–2069), the marks
 * U+200E/U+200F/U+FEFF and unpaired surrogates; composes accents (NFC); folds runs of spaces; trims.
 */
export function cleanText(raw: string, options: CleanOptions = {}): string {
  const multiline = options.multiline ?? false
  const bounded = options.max === undefined ? raw : raw.slice(0, options.max * BOUND_FACTOR)
  return fold(strip(bounded).normalize('NFC'), multiline)
}

/** Every string of a decoded request or socket payload, cleaned in place of the controls, bidi marks and NFC only. */
export function cleanStrings(value: unknown): unknown {
  if (typeof value === 'string') return strip(value).normalize('NFC')
  if (value === null || typeof value !== 'object') return value
  // A walk with its own stack: a deeply nested body must not overflow the call stack.
  const stack: object[] = [value]
  const seen = new Set<object>()
  while (stack.length > 0) {
    const node = stack.pop()!
    if (seen.has(node)) continue
    seen.add(node)
    const record = node as Record<string, unknown>
    for (const key of Object.keys(record)) {
      const child = record[key]
      if (typeof child === 'string') record[key] = strip(child).normalize('NFC')
      else if (child !== null && typeof child === 'object') stack.push(child)
    }
  }
  return value
}

/** Length as people count it: in characters (code points), not UTF-16 units. */
export function textLength(text: string): number {
  let count = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) i++
    }
    count++
  }
  return count
}

/** Drops unsafe characters; CR LF and lone CR become LF, tab becomes a space. */
function strip(text: string): string {
  let out = ''
  let start = 0
  const flush = (end: number) => {
    if (end > start) out += text.slice(start, end)
  }
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    let replacement: string
    let skip = 0
    if (code === 0x0a) continue
    if (code === 0x0d) {
      replacement = '\n'
      if (text.charCodeAt(i + 1) === 0x0a) skip = 1
    } else if (code === 0x09) {
      replacement = ' '
    } else if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || isInvisibleMark(code)) {
      replacement = ''
    } else if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++
        continue
      }
      replacement = ''
    } else if (code >= 0xdc00 && code <= 0xdfff) {
      replacement = ''
    } else {
      continue
    }
    flush(i)
    out += replacement
    i += skip
    start = i + 1
  }
  if (start === 0) return text
  flush(text.length)
  return out
}

function isInvisibleMark(code: number): boolean {
  return (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069) || code === 0x200e || code === 0x200f || code === 0xfeff
}

/** Unicode spaces that are not line breaks (what `\s` matches besides them). */
function isSpace(code: number): boolean {
  return (
    code === 0x20 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  )
}

function isBreak(code: number): boolean {
  return code === 0x0a || code === 0x0b || code === 0x0c || code === 0x2028 || code === 0x2029
}

/**
 * One pass: a run of spaces becomes one space; on one line, breaks count as spaces; on several, spaces around a
 * break go, and more than one blank line becomes one. Leading and trailing space is dropped.
 */
function fold(text: string, multiline: boolean): string {
  const parts: string[] = []
  let pendingSpace = false
  let pendingBreaks = 0
  let word = ''
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    const space = isSpace(code) || (!multiline && isBreak(code))
    const lineBreak = multiline && isBreak(code)
    if (!space && !lineBreak) {
      if (word === '' && parts.length === 0) {
        pendingSpace = false
        pendingBreaks = 0
      }
      if (pendingBreaks > 0) {
        parts.push(word, pendingBreaks > 1 ? '\n\n' : '\n')
        word = ''
      } else if (pendingSpace) {
        parts.push(word, ' ')
        word = ''
      }
      pendingSpace = false
      pendingBreaks = 0
      // Consecutive ordinary characters go in one slice.
      let end = i + 1
      while (end < text.length) {
        const next = text.charCodeAt(end)
        if (isSpace(next) || isBreak(next)) break
        end++
      }
      word += text.slice(i, end)
      i = end - 1
    } else if (lineBreak) {
      pendingBreaks++
    } else {
      pendingSpace = true
    }
  }
  parts.push(word)
  return parts.join('')
}
