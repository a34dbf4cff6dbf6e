// `npm run dev`: the server on PORT (default 3000) and Vite's dev server with hot reload on 5173, proxying to it.
import { createServer } from 'vite'

const vitePort = Number(process.env.VITE_PORT ?? 5173)
// Links printed at first start should open the hot-reloading pages.
process.env.PUBLIC_URL ??= `http://127.0.0.1:${vitePort}`
await import('./main')
const vite = await createServer({ configFile: 'vite.config.ts', server: { port: vitePort, strictPort: true } })
await vite.listen()
vite.printUrls()
