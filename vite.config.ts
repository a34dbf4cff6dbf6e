// Builds the role pages (attendee, régie, stage, public screen, registration, organiser, operator, report) from client/ into dist/client.
import { readFile, readdir, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'
import { defineConfig, type Connect, type Plugin } from 'vite'
import { svelte } from '@sveltejs/vite-plugin-svelte'
import { pageDictionaries } from './client/build/page-dictionaries'

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
 * After every page is built: a .br and a .gz beside each compressible file, at the highest levels since it is done
 * once, so the server sends them as they are (@fastify/static's preCompressed) instead of compressing on every
 * request. A compressed file no smaller than the original is not written: the original is sent instead.
 */
async function precompress(): Promise<void> {
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
}

const proxy = {
  '/api': { target: backend, changeOrigin: false },
  '/health': { target: backend, changeOrigin: false },
  '/socket.io': { target: backend, ws: true, changeOrigin: false },
}

const PAGES = ['attendee', 'moderate', 'stage', 'screen', 'register', 'organise', 'admin', 'report'] as const

/**
 * The chunks of one page's build: Svelte's runtime and Socket.IO's client apart from the page's own code, cached
 * across releases of that code, except on the attendee page. Its people open it once a webinar, most for the
 * first time and many on phones: all it loads first is one chunk there, 0.9 kB gzipped smaller than three (no
 * imports and exports between chunks, one compression for all).
 */
const chunkGroups = (name: string) => ({
  codeSplitting: {
    groups: [
      ...(name === 'attendee'
        ? []
        : [
            { name: 'svelte', test: /[\\/]node_modules[\\/]svelte[\\/]/, tags: ['$initial' as const], priority: 2 },
            {
              name: 'socket',
              test: /[\\/]node_modules[\\/](?:socket\.io-client|socket\.io-parser|engine\.io-client|engine\.io-parser|@socket\.io[\\/]component-emitter)[\\/]/,
              priority: 2,
            },
          ]),
      // What the page loads first, in one chunk named after the page, even the modules that a part loaded later
      // (import()) uses too: otherwise each set of modules shared with a later part is a chunk of its own, and
      // the attendee page's first download was nine files, each with its imports, exports and compression
      // apart. What only a later part uses (Svelte's SvelteMap for the ask tab) stays with that part.
      { name, test: /[\\/]client[\\/]src[\\/]|[\\/]server[\\/]|[\\/]node_modules[\\/]/, tags: ['$initial' as const], priority: 1 },
    ],
  },
})

// One build per page: a person opens one role's page, so a page shares no chunk with the others, and each
// carries only what its own modules use of a shared module (the régie's half of the stream stays in the régie).
export default defineConfig({
  root: clientRoot,
  base: '/',
  publicDir: false,
  // Runes everywhere: a component that uses none (LangSwitch) was compiled in legacy mode, which brought Svelte's
  // legacy runtime into every page (0.6 kB gzipped).
  plugins: [svelte({ configFile: false, compilerOptions: { runes: true } }), rolePages(), pageDictionaries(PAGES)],
  server: { proxy },
  preview: { proxy },
  build: { outDir, emptyOutDir: true, target: 'es2022' },
  environments: Object.fromEntries(
    PAGES.map((name) => [
      name,
      {
        consumer: 'client' as const,
        build: {
          outDir,
          emptyOutDir: false,
          target: 'es2022',
          // No modulepreload, nor its polyfill (0.3 kB gzipped): with the page's modules in a chunk of their own
          // (below), the polyfill was all the entry chunk held besides imports; an entry chunk of imports only is
          // left out, and the HTML loads each chunk with a script tag of its own, which every browser fetches at
          // once. A part loaded later imports only chunks already loaded, so Vite lists only its CSS for it.
          modulePreload: false,
          rolldownOptions: { input: { [name]: page(name) }, output: chunkGroups(name) },
        },
      },
    ]),
  ),
  builder: {
    async buildApp(builder) {
      await rm(outDir, { recursive: true, force: true })
      for (const name of PAGES) await builder.build(builder.environments[name]!)
      await precompress()
    },
  },
})
