// Wall-clock times in a named IANA zone <-> instants, DST-aware, with no dependency beyond Intl.

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    formatters.set(timeZone, f)
  }
  return f
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone)
    return true
  } catch {
    return false
  }
}

/** The zone's offset from UTC at an instant, in minutes (Paris in summer: +120). */
export function offsetMinutes(instantMs: number, timeZone: string): number {
  const parts: Record<string, number> = {}
  for (const p of formatter(timeZone).formatToParts(new Date(instantMs))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value)
  }
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day, parts.hour, parts.minute, parts.second)
  return Math.round((asUtc - Math.floor(instantMs / 1000) * 1000) / 60000)
}

/**
 * The instant at which the wall clock in `timeZone` reads `date time`.
 * A time skipped by a DST jump (02:30 on the spring-forward night) resolves to the same
 * duration after the jump (03:30); a repeated time (autumn) resolves to its first occurrence.
 */
export function zonedToInstant(date: string, time: string, timeZone: string, plusDays = 0): number {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number]
  const [h, mi] = time.split(':').map(Number) as [number, number]
  const wall = Date.UTC(y, mo - 1, d + plusDays, h, mi)
  const before = offsetMinutes(wall - 86_400_000, timeZone)
  const after = offsetMinutes(wall + 86_400_000, timeZone)
  // Try the earlier offset first so an ambiguous time takes its first occurrence.
  for (const offset of before >= after ? [before, after] : [after, before]) {
    const candidate = wall - offset * 60_000
    if (offsetMinutes(candidate, timeZone) === offset) return candidate
  }
  // In the gap: neither offset reproduces the wall time; keep the distance from midnight.
  return wall - before * 60_000
}

/** ISO 8601 with the zone's offset at that instant: 2020-05-19T15:00:00+02:00 (milliseconds when there are any). */
export function toZonedIso(instantMs: number, timeZone: string): string {
  const offset = offsetMinutes(instantMs, timeZone)
  const full = new Date(instantMs + offset * 60_000).toISOString()
  const local = instantMs % 1000 === 0 ? full.slice(0, 19) : full.slice(0, 23)
  const sign = offset < 0 ? '-' : '+'
  const abs = Math.abs(offset)
  return `${local}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
}

function pad(n: number): string {
  return String(n).padStart(2, '0')
}
