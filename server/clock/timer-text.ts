// How a timer reads (pure): the stage, the public screen and the integration feed show the same digits.

const pad = (value: number) => String(value).padStart(2, '0')

/** Whole seconds as `mm:ss`, or `h:mm:ss` from one hour. */
export function clockDigits(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds))
  const hours = Math.floor(s / 3600)
  const minutes = Math.floor((s % 3600) / 60)
  const seconds = s % 60
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${pad(minutes)}:${pad(seconds)}`
}

/** Time left, rounded up: `00:01` until the very end, `00:00` only when it is up. */
export function formatRemaining(ms: number): string {
  return clockDigits(Math.ceil(Math.max(0, ms) / 1000))
}

/** Overtime counting up, rounded down, with a plus sign: `+00:00`, `+02:10`, `+1:00:05`. */
export function formatOvertime(ms: number): string {
  return `+${clockDigits(Math.floor(Math.max(0, ms) / 1000))}`
}
