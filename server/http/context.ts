// Per-request helpers shared by route files: the event named in the path and the caller's access.
import type { FastifyRequest } from 'fastify'
import type { Access } from '../auth/access'
import { bearerToken } from '../auth/secrets'
import type { EventRow } from '../events/events.repository'
import type { Services } from '../services'

export async function callerOf(services: Services, request: FastifyRequest, slug: string): Promise<{ event: EventRow; access: Access }> {
  const event = await services.events.find(slug)
  const name = request.headers['x-moderator-name']
  const access = await services.access.resolve(event, bearerToken(request.headers.authorization), {
    ip: request.ip,
    name: typeof name === 'string' ? decodeURIComponent(name) : null,
  })
  return { event, access }
}
