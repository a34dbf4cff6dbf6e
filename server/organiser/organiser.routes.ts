// HTTP: the organiser page (overview, event and agenda, links, e-mails) and the operator's events (create, list, delete).
import Type from 'typebox'
import { bearerToken } from '../auth/secrets'
import { EventSummary, UpdateEventInput } from '../contract/organiser'
import { InvitationsInput, InvitationsResult, MailProgress, OrganiserOverview } from '../contract/registration'
import { EventLinks, EventView } from '../contract/schemas'
import type { Api } from '../http/api'
import { ERROR_RESPONSES, SlugParams } from '../http/route-schemas'
import type { Services } from '../services'

const organiser = { tags: ['organiser'], security: [{ bearer: [] }] }
const JobParams = Type.Object({ slug: SlugParams.properties.slug, id: Type.String({ format: 'uuid' }) })

export function organiserRoutes(app: Api, services: Services): void {
  const token = (request: { headers: { authorization?: string } }) => bearerToken(request.headers.authorization)
  const event = (slug: string) => services.events.find(slug)

  app.get(
    '/api/events',
    {
      schema: {
        'x-roles': ['operator'],
        summary: 'Every event, with its registration count (operator)',
        ...organiser,
        response: { 200: Type.Array(EventSummary), ...ERROR_RESPONSES },
      },
    },
    (request) => services.organiser.listEvents(token(request)),
  )

  app.delete(
    '/api/events/:slug',
    {
      schema: {
        'x-roles': ['operator'],
        summary: 'Delete an event with everything about it: questions, registrations, e-mails (operator)',
        ...organiser,
        params: SlugParams,
        response: { 204: Type.Null(), ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      await services.organiser.deleteEvent(await event(request.params.slug), token(request))
      return reply.status(204).send(null)
    },
  )

  app.put(
    '/api/events/:slug',
    {
      schema: {
        'x-roles': ['organiser', 'operator'],
        summary: 'Edit the event and its agenda, checked as at creation; screens get the new agenda (organiser)',
        ...organiser,
        params: SlugParams,
        body: UpdateEventInput,
        response: { 200: EventView, ...ERROR_RESPONSES },
      },
    },
    async (request) => services.organiser.updateEvent(await event(request.params.slug), token(request), request.body),
  )

  app.get(
    '/api/events/:slug/organiser',
    {
      schema: {
        'x-roles': ['organiser', 'operator'],
        summary: 'The organiser page: event, registration settings and counts, what happens when (organiser)',
        ...organiser,
        params: SlugParams,
        response: { 200: OrganiserOverview, ...ERROR_RESPONSES },
      },
    },
    async (request) => services.organiser.overview(await event(request.params.slug), token(request)),
  )

  app.post(
    '/api/events/:slug/links',
    {
      schema: {
        'x-roles': ['organiser', 'operator'],
        summary: 'New moderator, speaker and organiser links; the old ones stop working (organiser)',
        ...organiser,
        params: SlugParams,
        response: { 200: EventLinks, ...ERROR_RESPONSES },
      },
    },
    async (request) => services.organiser.rotateLinks(await event(request.params.slug), token(request)),
  )

  app.get(
    '/api/events/:slug/mail',
    {
      schema: {
        'x-roles': ['organiser', 'operator'],
        summary: 'E-mails: how many sent, waiting, failed, and the latest (organiser)',
        ...organiser,
        params: SlugParams,
        response: { 200: MailProgress, ...ERROR_RESPONSES },
      },
    },
    async (request) => services.mail.progress(await event(request.params.slug), token(request)),
  )

  app.post(
    '/api/events/:slug/invitations',
    {
      schema: {
        'x-roles': ['organiser', 'operator'],
        summary: 'Send the invitations now, or again to given people with a new personal link (organiser)',
        ...organiser,
        params: SlugParams,
        body: Type.Optional(InvitationsInput),
        response: { 200: InvitationsResult, ...ERROR_RESPONSES },
      },
    },
    async (request) => ({
      queued: await services.mail.sendInvitations(await event(request.params.slug), token(request), request.body ?? {}),
    }),
  )

  app.get(
    '/api/events/:slug/mail/:id/eml',
    {
      schema: {
        'x-roles': ['organiser', 'operator'],
        summary: 'An outbox message as written (.eml) (organiser)',
        ...organiser,
        params: JobParams,
        response: { 200: Type.String({ description: 'message/rfc822' }), ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const file = await services.mail.outboxFile(await event(request.params.slug), token(request), request.params.id)
      return reply
        .header('content-type', 'message/rfc822; charset=utf-8')
        .header('content-disposition', `attachment; filename="${file.name}"`)
        .send(file.content)
    },
  )
}
