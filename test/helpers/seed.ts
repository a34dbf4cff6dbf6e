// Questions in every state for browser tests, made through the real HTTP API (as attendees and a moderator would).
import type { ItemView } from '../../server/contract/schemas'
import { joinAsAttendee, type TestApp } from './app'

let keys = 0

export interface Seeder {
  /** Asks as a new attendee (or as `token`'s); returns the question and the asker's token. */
  ask(text: string, options?: { name?: string; token?: string; organisation?: string }): Promise<ItemView & { token: string }>
  /** A moderation move on the question as it is now (its current version is read first). */
  moderate(id: string, payload: { action: string; reason?: string; reply?: string; into?: string }): Promise<ItemView>
  /** Asks, then publishes. */
  publish(text: string, name?: string): Promise<ItemView & { token: string }>
  vote(id: string, token?: string): Promise<void>
  current(id: string): Promise<ItemView>
}

export function seeder(t: TestApp, event: { slug: string; moderatorToken: string }): Seeder {
  const api = (method: 'GET' | 'POST', url: string, token: string, payload?: object) =>
    t.app.inject({
      method,
      url: `/api/events/${event.slug}${url}`,
      headers: { authorization: `Bearer ${token}` },
      ...(payload ? { payload } : {}),
    })
  const current = async (id: string) =>
    ((await api('GET', '/questions', event.moderatorToken)).json() as ItemView[]).find((item) => item.id === id)!
  const seed: Seeder = {
    async ask(text, options = {}) {
      const token = options.token ?? (await joinAsAttendee(t, event.slug)).token
      const response = await api('POST', '/questions', token, {
        text,
        displayName: options.name ?? 'Camille',
        organisation: options.organisation ?? 'Commune test',
        idempotencyKey: `seed-${process.pid}-${++keys}`,
      })
      if (response.statusCode !== 201) throw new Error(`ask: ${response.statusCode} ${response.body}`)
      return { ...(response.json() as ItemView), token }
    },
    async moderate(id, payload) {
      const { version } = await current(id)
      const response = await api('POST', `/questions/${id}/moderation`, event.moderatorToken, { version, ...payload })
      if (response.statusCode !== 200) throw new Error(`moderate: ${response.statusCode} ${response.body}`)
      return response.json() as ItemView
    },
    async publish(text, name) {
      const asked = await seed.ask(text, { name })
      return { ...(await seed.moderate(asked.id, { action: 'approve' })), token: asked.token }
    },
    async vote(id, token) {
      const voter = token ?? (await joinAsAttendee(t, event.slug)).token
      const response = await api('POST', `/questions/${id}/vote`, voter)
      if (response.statusCode !== 200) throw new Error(`vote: ${response.statusCode} ${response.body}`)
    },
    current,
  }
  return seed
}
