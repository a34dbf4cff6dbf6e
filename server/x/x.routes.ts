// HTTP for the control room's X panel: status, settings and rules, manual import.
import type { Api } from '../http/api'
import Type from 'typebox'
import { ErrorResponse, ItemView, Slug } from '../contract/schemas'
import { XImportInput, XSettingsInput, XStatus } from '../contract/x'
import { callerOf } from '../http/context'
import type { Services } from '../services'

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse }
const SlugParams = Type.Object({ slug: Slug })

export function xRoutes(app: Api, services: Services): void {
  app.get(
    '/api/events/:slug/x',
    {
      schema: {
        'x-roles': ['moderator'],
        summary: 'The X source: health, meter and budget, cap, rules (moderator)',
        tags: ['x'],
        security: [{ bearer: [] }],
        params: SlugParams,
        response: { 200: XStatus, ...errors },
      },
    },
    async (request) => {
      const { event, access } = await callerOf(services, request, request.params.slug)
      return services.x.status(event, access)
    },
  )

  app.patch(
    '/api/events/:slug/x',
    {
      schema: {
        'x-roles': ['moderator'],
        summary: 'Edit the X query, interval, budget, cap and the trusted / blocked lists (moderator)',
        tags: ['x'],
        security: [{ bearer: [] }],
        params: SlugParams,
        body: XSettingsInput,
        response: { 200: XStatus, ...errors },
      },
    },
    async (request) => {
      const { event, access } = await callerOf(services, request, request.params.slug)
      return services.x.update(event, access, request.body)
    },
  )

  app.post(
    '/api/events/:slug/x/resume',
    {
      schema: {
        'x-roles': ['moderator'],
        summary: "Resume polling X now, after X's monthly usage cap stopped it (moderator); X stops it again if the cap still holds",
        tags: ['x'],
        security: [{ bearer: [] }],
        params: SlugParams,
        response: { 200: XStatus, ...errors },
      },
    },
    async (request) => {
      const { event, access } = await callerOf(services, request, request.params.slug)
      return services.x.resume(event, access)
    },
  )

  app.post(
    '/api/events/:slug/x/import',
    {
      schema: {
        'x-roles': ['moderator'],
        summary: 'Import a post into the queue: by URL through the API, or typed with its handle (moderator); 200 when already imported',
        tags: ['x'],
        security: [{ bearer: [] }],
        params: SlugParams,
        body: XImportInput,
        response: { 200: ItemView, 201: ItemView, ...errors, 409: ErrorResponse, 502: ErrorResponse },
      },
    },
    async (request, reply) => {
      const { event, access } = await callerOf(services, request, request.params.slug)
      const { item, created } = await services.x.import(event, access, request.body)
      return reply.status(created ? 201 : 200).send(item)
    },
  )
}
