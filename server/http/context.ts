// Per-request helpers shared by route files: the event named in the path and the caller's access.
import type { FastifyRequest } from 'fastify'
import type { Access } from '../auth/access'
import { bearerToken } from '../auth/secrets'
import type { EventRow } from '../events/events.repository'
import type { Services } from '../services'

export async function callerOf(services: Services, request: FastifyRequest, slug: string): Promise<{ event: EventRow; access: Access }> {
  const event = await services.events.find(slug)
  const access = await services.access.resolve(event, bearerToken(request.headers.authorization), {
    ip: request.ip,
    name: moderatorName(request.headers['x-moderator-name']),
  })
  return { event, access }
}

/** The moderator's name for the log, percent-encoded by the page (headers are Latin-1); a malformed one is ignored. */
function moderatorName(header: string | string[] | undefined): string | null {
  if (typeof header !== 'string') return null
  // Looked at no further than a 60-character name could need (12 escaped bytes each): the header may be 16 KB.
  const bounded = header.slice(0, 720)
  try {
    return decodeURIComponent(bounded)
  } catch {
    return null
  }
}
