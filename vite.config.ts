// Builds the role pages (attendee, régie, stage, public screen, registration, organiser, operator, report) from client/ into dist/client.
import { readFile, readdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'
import { defineConfig, type Connect, type Plugin } from 'vite'
import { svelte } from '@sveltejs/vite-plugin-svelte'

const clientRoot = fileURLToPath(new URL('./client', import.meta.url))
const outDir = fileURLToPath(new URL('./dist/client', import.meta.url))
const page = (name: string) => fileURLToPath(new URL(`./client/${name}.html`, import.meta.url))

const backend = `http://127.0.0.1:${process.env.PORT ?? 3000}`

// Same paths as the server's page routes; the page itself validates the slug.
const ROLE_PAGE = /^\/e\/[^/?]+(?:\/(moderate|stage|screen|register|organise|report))?\/?(\?.*)?$/

/** `/e/<slug>[/moderate|/stage|/screen|…][?query]` → `/<role>.html[?query]`, `/organise` → `/admin.html`, or null. */
function rolePageFor(url: string): string | null {
  if (/^\/organise\/?(\?.*)?$/.test(url)) return '/admin.html'
  const match = ROLE_PAGE.exec(url)
  return match ? `/${match[1] ?? 'attendee'}.html${match[2] ?? ''}` : null
}

function rewriteRolePages(): Connect.NextHandleFunction {
  return (req, _res, next) => {
    const target = req.url ? rolePageFor(req.url) : null
    if (target) req.url = target
    next()
  }
}

/** Dev and preview servers: serve the role pages at the same paths as the real server. */
function rolePages(): Plugin {
  return {
    name: 'tribune-role-pages',
    configureServer(server) {
      server.middlewares.use(rewriteRolePages())
    },
    configurePreviewServer(server) {
      server.middlewares.use(rewriteRolePages())
    },
  }
}

const COMPRESSIBLE = /\.(?:js|css|html|svg|json)$/
const compressions = [
  { suffix: '.br', compress: promisify(brotliCompress), options: { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } } },
  { suffix: '.gz', compress: promisify(gzip), options: { level: 9 } },
] as const

/**
 * After the build: a .br and a .gz beside each compressible file, at the highest levels since it is done once, so
 * the server sends them as they are (@fastify/static's preCompressed) instead of compressing on every request.
 * A compressed file no smaller than the original is not written: the original is sent instead.
 */
function precompress(): Plugin {
  return {
    name: 'tribune-precompress',
    apply: 'build',
    async closeBundle() {
      const files = (await readdir(outDir, { recursive: true, withFileTypes: true }))
        .filter((entry) => entry.isFile() && COMPRESSIBLE.test(entry.name))
        .map((entry) => path.join(entry.parentPath, entry.name))
      await Promise.all(
        files.map(async (file) => {
          const content = await readFile(file)
          for (const { suffix, compress, options } of compressions) {
            const compressed = await compress(content, options)
            if (compressed.length < content.length) await writeFile(file + suffix, compressed)
          }
        }),
      )
    },
  }
}

const proxy = {
  '/api': { target: backend, changeOrigin: false },
  '/health': { target: backend, changeOrigin: false },
  '/socket.io': { target: backend, ws: true, changeOrigin: false },
}

export default defineConfig({
  root: clientRoot,
  base: '/',
  publicDir: false,
  plugins: [svelte({ configFile: false }), rolePages(), precompress()],
  server: { proxy },
  preview: { proxy },
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    rolldownOptions: {
      input: {
        attendee: page('attendee'),
        moderate: page('moderate'),
        stage: page('stage'),
        screen: page('screen'),
        register: page('register'),
        organise: page('organise'),
        admin: page('admin'),
        report: page('report'),
      },
      output: {
        codeSplitting: {
          groups: [
            // Svelte's runtime and socket.io-client: one long-cached chunk for every page.
            { name: 'vendor', test: /[\\/]node_modules[\\/]/, priority: 2 },
            { name: 'shared', test: /[\\/]client[\\/]src[\\/](?:lib[\\/]|components[\\/]|styles\.css$)/, minShareCount: 2, priority: 1 },
          ],
        },
      },
    },
  },
})
