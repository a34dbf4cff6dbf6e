// HTTP for moderators: edit, bulk, block an asker, event settings, and the moderation log.
import type { Api } from '../http/api'
import Type from 'typebox'
import {
  BlockInput,
  LogEntry,
  BulkModerateInput,
  BulkResult,
  EditInput,
  EventSettings,
  ItemView,
  SettingsInput,
  Slug,
} from '../contract/schemas'
import { callerOf } from '../http/context'
import { requestLang } from '../http/errors.plugin'
import type { Services } from '../services'
import { ERROR_RESPONSES, ItemParams, SlugParams } from '../http/route-schemas'

export function moderationRoutes(app: Api, services: Services): void {
  app.patch(
    '/api/events/:slug/questions/:id',
    {
      schema: {
        'x-roles': ['moderator'],
        summary: 'Edit text (the original is kept), tags, segment, rank or reply (moderator); 409 on a stale version',
        tags: ['moderation'],
        security: [{ bearer: [] }],
        params: ItemParams,
        body: EditInput,
        response: { 200: ItemView, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const { event, access } = await callerOf(services, request, request.params.slug)
      return services.moderation.edit(event, access, request.params.id, request.body)
    },
  )

  app.post(
    '/api/events/:slug/questions/moderation',
    {
      schema: {
        'x-roles': ['moderator'],
        summary: 'Approve or dismiss many questions (moderator); each succeeds or fails on its own',
        tags: ['moderation'],
        security: [{ bearer: [] }],
        params: SlugParams,
        body: BulkModerateInput,
        response: { 200: BulkResult, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const { event, access } = await callerOf(services, request, request.params.slug)
      return services.moderation.bulk(event, access, request.body, requestLang(request))
    },
  )

  app.post(
    '/api/events/:slug/attendees/:attendeeId/block',
    {
      schema: {
        'x-roles': ['moderator'],
        summary: 'Block or unblock an asker (moderator): their new questions are held and flagged',
        tags: ['moderation'],
        security: [{ bearer: [] }],
        params: Type.Object({ slug: Slug, attendeeId: Type.String({ format: 'uuid' }) }),
        body: BlockInput,
        response: { 200: Type.Object({ attendeeId: Type.String(), blocked: Type.Boolean() }), ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const { event, access } = await callerOf(services, request, request.params.slug)
      await services.access.setBlocked(event, access, request.params.attendeeId, request.body.blocked)
      return { attendeeId: request.params.attendeeId, blocked: request.body.blocked }
    },
  )

  app.patch(
    '/api/events/:slug/settings',
    {
      schema: {
        'x-roles': ['moderator'],
        summary: 'Change the event’s question settings (moderator)',
        tags: ['events'],
        security: [{ bearer: [] }],
        params: SlugParams,
        body: SettingsInput,
        response: { 200: EventSettings, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const { event, access } = await callerOf(services, request, request.params.slug)
      return services.events.updateSettings(event, access, request.body)
    },
  )

  app.get(
    '/api/events/:slug/moderation-log',
    {
      schema: {
        'x-roles': ['moderator'],
        summary: 'Who did what, when (moderator), newest first',
        tags: ['moderation'],
        security: [{ bearer: [] }],
        params: SlugParams,
        response: { 200: Type.Array(LogEntry), ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const { event, access } = await callerOf(services, request, request.params.slug)
      return services.moderation.history(event, access)
    },
  )
}
