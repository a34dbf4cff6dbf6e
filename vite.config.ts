// Builds the role pages (attendee, régie, stage, public screen, registration, organiser, operator, report) from client/ into dist/client.
import { fileURLToPath } from 'node:url'
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

const proxy = {
  '/api': { target: backend, changeOrigin: false },
  '/health': { target: backend, changeOrigin: false },
  '/socket.io': { target: backend, ws: true, changeOrigin: false },
}

export default defineConfig({
  root: clientRoot,
  base: '/',
  publicDir: false,
  plugins: [svelte({ configFile: false }), rolePages()],
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
            // Svelte's runtime: one long-cached chunk for every page.
            { name: 'svelte', test: /[\\/]node_modules[\\/]svelte[\\/]/, priority: 2 },
            // Socket.IO's client: one long-cached chunk for the live pages (the plain HTTP pages never load it).
            {
              name: 'socket',
              test: /[\\/]node_modules[\\/](?:socket\.io-client|socket\.io-parser|engine\.io-client|engine\.io-parser|@socket\.io[\\/]component-emitter)[\\/]/,
              priority: 2,
            },
          ],
        },
      },
    },
  },
})
