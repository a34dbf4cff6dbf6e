// The reference webinar on first start, with its registration settings (manual approval, local authorities first).
import type { CreateEventResult } from '../contract/schemas'
import type { Services } from '../services'
import { defaultEvent, defaultRegistration } from './default-event'

/** Creates the default event unless it exists; returns its links only when it was created now. */
export async function ensureDefaultEvent(services: Services): Promise<CreateEventResult | null> {
  const created = await services.events.ensure({ ...defaultEvent, slug: defaultEvent.slug! })
  if (created) await services.registration.seedSettings((await services.events.find(created.slug)).id, defaultRegistration)
  return created
}
