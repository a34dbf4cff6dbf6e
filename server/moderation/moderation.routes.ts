// HTTP for moderators: edit, bulk, block an asker, event settings, and the moderation log.
import { desc, eq } from 'drizzle-orm'
import type { Api } from '../http/api'
import Type from 'typebox'
import type { Db } from '../../db/connect'
import { moderationLog } from '../../db/schema'
import { requireRole } from '../auth/access'
import { BlockInput, BulkModerateInput, BulkResult, EditInput, EventSettings, ItemView, SettingsInput, Slug } from '../contract/schemas'
import { callerOf } from '../http/context'
import { requestLang } from '../http/errors.plugin'
import type { Services } from '../services'
import { ERROR_RESPONSES, ItemParams, SlugParams } from '../http/route-schemas'

const LogEntry = Type.Object({
  seq: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actor: Type.String(),
  itemId: Type.String(),
  action: Type.String(),
  fromStatus: Type.String(),
  toStatus: Type.String(),
  detail: Type.Record(Type.String(), Type.Unknown()),
})

export function moderationRoutes(app: Api, services: Services, db: Db): void {
  app.patch(
    '/api/events/:slug/questions/:id',
    {
      schema: {
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
      requireRole(access, 'moderator')
      await services.access.setBlocked(event, request.params.attendeeId, request.body.blocked)
      return { attendeeId: request.params.attendeeId, blocked: request.body.blocked }
    },
  )

  app.patch(
    '/api/events/:slug/settings',
    {
      schema: {
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
      requireRole(access, 'moderator')
      return services.events.updateSettings(event, request.body)
    },
  )

  app.get(
    '/api/events/:slug/moderation-log',
    {
      schema: {
        summary: 'Who did what, when (moderator), newest first',
        tags: ['moderation'],
        security: [{ bearer: [] }],
        params: SlugParams,
        response: { 200: Type.Array(LogEntry), ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const { event, access } = await callerOf(services, request, request.params.slug)
      requireRole(access, 'moderator')
      const rows = await db
        .select()
        .from(moderationLog)
        .where(eq(moderationLog.eventId, event.id))
        .orderBy(desc(moderationLog.id))
        .limit(5000)
      return rows.map((r) => ({
        seq: r.seq,
        at: r.at.toISOString(),
        actor: r.actor,
        itemId: r.itemId,
        action: r.action,
        fromStatus: r.fromStatus,
        toStatus: r.toStatus,
        detail: r.detail,
      }))
    },
  )
}
