// The régie's HTTP calls for the X source: status, settings and rules, manual import (moderator's bearer token).
import type { ItemView } from '../../../server/contract/schemas'
import type { XImportInput, XSettingsInput, XStatus } from '../../../server/contract/x'
import { apiRequest, type Authorised } from './api'

const xPath = (slug: string) => `/api/events/${encodeURIComponent(slug)}/x`

export function getXStatus(slug: string, auth: Authorised): Promise<XStatus> {
  return apiRequest<XStatus>(xPath(slug), auth)
}

export function updateXSettings(slug: string, input: XSettingsInput, auth: Authorised): Promise<XStatus> {
  return apiRequest<XStatus>(xPath(slug), { ...auth, method: 'PATCH', body: input })
}

/** After X's monthly usage cap stopped polling: poll again now (X stops it again if the cap still holds). */
export function resumeXPolling(slug: string, auth: Authorised): Promise<XStatus> {
  return apiRequest<XStatus>(`${xPath(slug)}/resume`, { ...auth, method: 'POST' })
}

/** The item, and whether it is new: the server answers 201 for a new item, 200 when the post was already in the queue. */
export async function importXPost(slug: string, input: XImportInput, auth: Authorised): Promise<{ item: ItemView; created: boolean }> {
  let status = 0
  const doFetch = auth.fetch ?? fetch
  const item = await apiRequest<ItemView>(`${xPath(slug)}/import`, {
    ...auth,
    method: 'POST',
    body: input,
    fetch: async (...args) => {
      const response = await doFetch(...args)
      status = response.status
      return response
    },
  })
  return { item, created: status === 201 }
}
