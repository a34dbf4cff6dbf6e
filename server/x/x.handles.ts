// X handles (pure, shared with the régie): shown as X or the moderator spells them, compared as X does, ignoring case.

/** A handle as written, without the @ or surrounding spaces: « @AgnesMarchal_ » → « AgnesMarchal_ ». */
export function handleOf(raw: string): string {
  return raw.trim().replace(/^@/, '')
}

/** What rules compare: X handles are case-insensitive, so @AgnesMarchal_ and @agnesmarchal_ are one account. */
export function handleKey(raw: string): string {
  return handleOf(raw).toLowerCase()
}

export function sameHandle(a: string, b: string): boolean {
  return handleKey(a) === handleKey(b)
}

/** A moderator's list as typed: one entry per account, the first spelling kept, empty entries dropped. */
export function uniqueHandles(list: readonly string[]): string[] {
  const seen = new Set<string>()
  const unique: string[] = []
  for (const raw of list) {
    const handle = handleOf(raw)
    const key = handle.toLowerCase()
    if (handle === '' || seen.has(key)) continue
    seen.add(key)
    unique.push(handle)
  }
  return unique
}

/** Whether the account is on the list, whatever the case either is written in. */
export function listsHandle(list: readonly string[], handle: string): boolean {
  const key = handleKey(handle)
  return list.some((entry) => handleKey(entry) === key)
}
