// The error bodies the fake X answers with, worded as X words them.

/** Recent search reaches back this far; a since_id or start_time older than that is refused. */
export const RECENT_WINDOW_MS = 7 * 24 * 3600_000

/** An API v2 problem, as X answers most errors. */
export const problem = (status: number, title: string, detail: string) => ({ title, detail, type: 'about:blank', status })

const INVALID_REQUEST = {
  title: 'Invalid Request',
  detail: 'One or more parameters to your request was invalid.',
  type: 'https://api.twitter.com/2/problems/invalid-request',
}

/** An instant as X prints it in these messages, to the minute: 2020-05-12T13:01Z (rounded up, so it is within the window). */
export function xMinute(ms: number): string {
  return new Date(Math.ceil(ms / 60_000) * 60_000).toISOString().slice(0, 16) + 'Z'
}

/** X's 400 for a since_id older than the window: it names the parameter and the oldest instant it accepts. */
export function staleSinceId(sinceId: string, boundary: string, smallestId: string) {
  return {
    errors: [
      {
        parameters: { since_id: [sinceId] },
        message: `'since_id' must be a tweet id created after ${boundary}. Please use a 'since_id' that is larger than ${smallestId}`,
      },
    ],
    ...INVALID_REQUEST,
  }
}

/** X's 400 for a start_time older than the window. */
export function staleStartTime(startTime: string, boundary: string) {
  return {
    errors: [
      {
        parameters: { start_time: [startTime] },
        message: `Invalid 'start_time':'${startTime}'. 'start_time' must be on or after ${boundary}`,
      },
    ],
    ...INVALID_REQUEST,
  }
}
