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

/** Whether `date` (YYYY-MM-DD) is a day of the calendar: 2026-02-30 is not. */
export function isCalendarDate(date: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  if (!match) return false
  const [y, mo, d] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const day = new Date(Date.UTC(y, mo - 1, d))
  return day.getUTCFullYear() === y && day.getUTCMonth() === mo - 1 && day.getUTCDate() === d
}

/**
 * What a local date and time mean in a zone: one instant; two, when the clocks go back and the time is
 * repeated (`first` is the earlier, under the offset in force before the change); or none, when the clocks
 * jump over it (`gap` gives the local times the jump goes from and to, e.g. 02:00 → 03:00). The jump's first
 * minute itself (02:00) is the instant of the jump, as a segment ending « at 02:00 » that night means.
 */
export type LocalTime =
  | { kind: 'unique'; at: number }
  | { kind: 'repeated'; first: number; second: number }
  | { kind: 'skipped'; gap: { from: string; to: string } }

export function resolveLocal(date: string, time: string, timeZone: string, plusDays = 0): LocalTime {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number]
  const [h, mi] = time.split(':').map(Number) as [number, number]
  const wall = Date.UTC(y, mo - 1, d + plusDays, h, mi)
  // A change happens at most once a day: the offsets a day either side are the only candidates.
  const offsets = [...new Set([offsetMinutes(wall - 86_400_000, timeZone), offsetMinutes(wall + 86_400_000, timeZone)])]
  const instants = offsets
    .map((offset) => wall - offset * 60_000)
    .filter((candidate) => offsetMinutes(candidate, timeZone) === (wall - candidate) / 60_000)
    .sort((a, b) => a - b)
  if (instants.length === 2) return { kind: 'repeated', first: instants[0]!, second: instants[1]! }
  if (instants.length === 1) return { kind: 'unique', at: instants[0]! }
  const gap = gapAround(wall, offsets, timeZone)
  // The minute the clocks jump from (02:00) is where the day's time stops: it names the jump's instant, 03:00.
  if (gap.from === time) return { kind: 'unique', at: wall - Math.min(...offsets) * 60_000 }
  return { kind: 'skipped', gap }
}

/**
 * A local time as one instant, for times that are settings rather than agenda (a registration deadline, the
 * invitations' hour): a repeated time is its first occurrence, as in agendas; a skipped one is the end of the jump
 * (02:30 on the spring-forward night in Paris is 03:00), since a deadline or a sending time cannot be refused.
 */
export function localInstant(date: string, time: string, timeZone: string, plusDays = 0): number {
  const local = resolveLocal(date, time, timeZone, plusDays)
  if (local.kind === 'unique') return local.at
  if (local.kind === 'repeated') return local.first
  // The jump's first minute names the jump's instant (see resolveLocal).
  const jump = resolveLocal(date, local.gap.from, timeZone, plusDays)
  if (jump.kind !== 'unique') throw new RangeError(`no instant for ${date} ${time} in ${timeZone}`)
  return jump.at
}

/** The local times a jump goes from and to, around a skipped wall time (given as if it were UTC). */
function gapAround(wall: number, offsets: number[], timeZone: string): { from: string; to: string } {
  const [before, after] = [Math.min(...offsets), Math.max(...offsets)]
  // The change happens between these two instants; find its minute by halving.
  let low = wall - after * 60_000
  let high = wall - before * 60_000
  while (high - low > 60_000) {
    const middle = low + Math.floor((high - low) / 120_000) * 60_000
    if (offsetMinutes(middle, timeZone) === before) low = middle
    else high = middle
  }
  const local = (at: number, offset: number) => new Date(at + offset * 60_000).toISOString().slice(11, 16)
  return { from: local(high, before), to: local(high, after) }
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
