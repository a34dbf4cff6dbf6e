// Serves the built client: one HTML page per role, and the hashed assets.
import { existsSync } from 'node:fs'
import path from 'node:path'
import type { FastifyHelmetOptions } from '@fastify/helmet'
import fastifyStatic from '@fastify/static'
import type { Api } from './api'

const PAGES = {
  '': 'attendee.html',
  '/moderate': 'moderate.html',
  '/stage': 'stage.html',
  '/screen': 'screen.html',
  '/register': 'register.html',
  '/organise': 'organise.html',
  '/report': 'report.html',
}

/** `embeddable`: the attendee page's headers, which let the sites in FRAME_ANCESTORS embed it (every other page: none). */
export async function pagesRoutes(app: Api, clientDir: string, homeSlug: string | null, embeddable: FastifyHelmetOptions): Promise<void> {
  if (!existsSync(path.join(clientDir, 'attendee.html'))) {
    app.log.warn({ clientDir }, 'client build missing: pages are not served (run npm run build)')
    return
  }
  await app.register(fastifyStatic, {
    root: clientDir,
    prefix: '/',
    index: false,
    wildcard: false,
    // The build writes .br and .gz beside each compressible file (vite.config.ts): sent as the browser accepts.
    preCompressed: true,
    // Hashed file names never change content: cache them for a year; the pages themselves are revalidated.
    setHeaders: (reply, filePath) => {
      const immutable = filePath.includes(`${path.sep}assets${path.sep}`)
      reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
    },
  })
  for (const [suffix, file] of Object.entries(PAGES)) {
    const helmet = suffix === '' ? embeddable : undefined
    app.get(`/e/:slug${suffix}`, { schema: { hide: true }, ...(helmet ? { helmet } : {}) }, (_request, reply) => reply.sendFile(file))
  }
  // The operator's page: create events, list them (ADMIN_TOKEN typed in the page).
  app.get('/organise', { schema: { hide: true } }, (_request, reply) => reply.sendFile('admin.html'))
  // The site root leads to the default event's attendee page.
  app.get('/', { schema: { hide: true } }, (_request, reply) =>
    homeSlug ? reply.redirect(`/e/${homeSlug}`) : reply.status(404).send({ code: 'not_found', message: 'Page introuvable.' }),
  )
}
