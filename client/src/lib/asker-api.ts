// The asker's own question over HTTP, while it awaits moderation: apart from api.ts, so that it comes with the
// attendee page's ask tab (own-questions.svelte.ts), not with the page.
import type { ItemView, ReviseInput, WithdrawInput } from '../../../server/contract/schemas'
import { apiRequest, eventPath, type Authorised } from './api'

export function reviseQuestion(slug: string, id: string, input: ReviseInput, auth: Authorised): Promise<ItemView> {
  return apiRequest<ItemView>(`${eventPath(slug)}/questions/${encodeURIComponent(id)}/revision`, { ...auth, method: 'POST', body: input })
}

export function withdrawQuestion(slug: string, id: string, input: WithdrawInput, auth: Authorised): Promise<ItemView> {
  return apiRequest<ItemView>(`${eventPath(slug)}/questions/${encodeURIComponent(id)}/withdrawal`, { ...auth, method: 'POST', body: input })
}
