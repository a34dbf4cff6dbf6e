// HTTP: the public registration form and personal links; the organiser's list, decisions and the person's rights.
import Type from 'typebox'
import { bearerToken } from '../auth/secrets'
import {
  DecisionInput,
  InvitedJoinInput,
  InvitedJoinResult,
  PriorityApprovalResult,
  RegisterInput,
  RegisterResult,
  RegistrationFilter,
  RegistrationPage,
  RegistrationSettings,
  RegistrationSettingsInput,
  RegistrationView,
} from '../contract/registration'
import type { Api } from '../http/api'
import { requestLang } from '../http/errors.plugin'
import { ERROR_RESPONSES, SlugParams } from '../http/route-schemas'
import type { Services } from '../services'

const RegistrationParams = Type.Object({ slug: SlugParams.properties.slug, id: Type.String({ format: 'uuid' }) })
const organiser = { tags: ['registration'], security: [{ bearer: [] }] }

export function registrationRoutes(app: Api, services: Services): void {
  const token = (request: { headers: { authorization?: string } }) => bearerToken(request.headers.authorization)
  const event = (slug: string) => services.events.find(slug)

  app.get(
    '/api/events/:slug/registration',
    {
      schema: {
        'x-roles': ['public'],
        summary: 'The registration form: open or not, places, contact, data notice (public)',
        tags: ['registration'],
        params: SlugParams,
        response: { 200: RegistrationPage, ...ERROR_RESPONSES },
      },
    },
    (request) => services.registration.page(request.params.slug),
  )

  app.post(
    '/api/events/:slug/registrations',
    {
      schema: {
        'x-roles': ['public'],
        summary: 'Register, or update the registration of the same e-mail address (public)',
        tags: ['registration'],
        params: SlugParams,
        body: RegisterInput,
        response: { 201: RegisterResult, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => reply.status(201).send(await services.registration.register(request.params.slug, request.body, request.ip)),
  )

  app.post(
    '/api/events/:slug/attendees/invited',
    {
      schema: {
        'x-roles': ['public'],
        summary: 'Join with a personal invitation link: an attendee session bound to the registration, name prefilled',
        tags: ['attendees'],
        params: SlugParams,
        body: InvitedJoinInput,
        response: { 201: InvitedJoinResult, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await services.registration.joinWithInvitation(await event(request.params.slug), request.body.invitation)),
  )

  app.patch(
    '/api/events/:slug/registration',
    {
      schema: {
        'x-roles': ['organiser', 'operator'],
        summary: 'Registration settings: opening, deadline, capacity, approval, contact, wording, invitation time, retention (organiser)',
        ...organiser,
        params: SlugParams,
        body: RegistrationSettingsInput,
        response: { 200: RegistrationSettings, ...ERROR_RESPONSES },
      },
    },
    async (request) => services.registration.updateSettings(await event(request.params.slug), token(request), request.body),
  )

  app.get(
    '/api/events/:slug/registrations',
    {
      schema: {
        'x-roles': ['organiser', 'operator'],
        summary: 'Registrations, priority audience first, filtered by status, organisation type or text (organiser)',
        ...organiser,
        params: SlugParams,
        querystring: RegistrationFilter,
        response: { 200: Type.Array(RegistrationView), ...ERROR_RESPONSES },
      },
    },
    async (request) => services.registration.list(await event(request.params.slug), token(request), request.query),
  )

  app.get(
    '/api/events/:slug/registrations.csv',
    {
      schema: {
        'x-roles': ['organiser', 'operator'],
        summary: 'Registrations as CSV: semicolons and a byte-order mark (organiser)',
        ...organiser,
        params: SlugParams,
        response: { 200: Type.String(), ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const csv = await services.registration.csv(await event(request.params.slug), token(request), requestLang(request))
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${request.params.slug}-inscriptions.csv"`)
        .send(csv)
    },
  )

  app.post(
    '/api/events/:slug/registrations/:id/decision',
    {
      schema: {
        'x-roles': ['organiser', 'operator'],
        summary: 'Approve, decline or put on the waiting list; the person is told by e-mail (organiser)',
        ...organiser,
        params: RegistrationParams,
        body: DecisionInput,
        response: { 200: RegistrationView, ...ERROR_RESPONSES },
      },
    },
    async (request) =>
      services.registration.decide(await event(request.params.slug), token(request), request.params.id, request.body.decision),
  )

  app.post(
    '/api/events/:slug/registrations/priority-approval',
    {
      schema: {
        'x-roles': ['organiser', 'operator'],
        summary: 'Approve pending and waiting registrations up to the capacity, priority audience first (organiser)',
        ...organiser,
        params: SlugParams,
        response: { 200: PriorityApprovalResult, ...ERROR_RESPONSES },
      },
    },
    async (request) => services.registration.approveByPriority(await event(request.params.slug), token(request)),
  )

  app.delete(
    '/api/events/:slug/registrations/:id',
    {
      schema: {
        'x-roles': ['organiser', 'operator'],
        summary: 'Erase a person on request: identity, e-mails, personal link and sessions (organiser)',
        ...organiser,
        params: RegistrationParams,
        response: { 204: Type.Null(), ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      await services.registration.erase(await event(request.params.slug), token(request), request.params.id)
      return reply.status(204).send(null)
    },
  )

  app.get(
    '/api/events/:slug/registrations/:id/export',
    {
      schema: {
        'x-roles': ['organiser', 'operator'],
        summary: 'Everything held about one person, for a request under the right of access (organiser)',
        ...organiser,
        params: RegistrationParams,
        response: { 200: Type.String({ description: 'application/json' }), ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const data = await services.registration.exportPerson(await event(request.params.slug), token(request), request.params.id)
      return reply
        .type('application/json')
        .header('content-disposition', `attachment; filename="${request.params.slug}-donnees-${request.params.id.slice(0, 8)}.json"`)
        .send(JSON.stringify(data, null, 2))
    },
  )

  app.delete(
    '/api/events/:slug/registrations/:id/link',
    {
      schema: {
        'x-roles': ['organiser', 'operator'],
        summary: 'Revoke the personal link and end the sessions opened with it (organiser)',
        ...organiser,
        params: RegistrationParams,
        response: { 200: RegistrationView, ...ERROR_RESPONSES },
      },
    },
    async (request) => services.registration.revokeLink(await event(request.params.slug), token(request), request.params.id),
  )
}
