// A fake X server on its own: `node --import tsx test/fake-x/cli.ts [--port 4010] [--token T] [--demo] [--page-size 10]`.
import { parseArgs } from 'node:util'
import { playScript } from './demo-script'
import { FAKE_X_TOKEN, startFakeX } from './fake-x.server'

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    token: { type: 'string', default: FAKE_X_TOKEN },
    demo: { type: 'boolean', default: false },
    'page-size': { type: 'string' },
  },
})

const fake = await startFakeX({
  port: Number(values.port),
  tokens: [values.token],
  pageSize: values['page-size'] ? Number(values['page-size']) : undefined,
})
const stop = values.demo ? playScript(fake) : () => {}
console.log(`Fake X API on ${fake.url}${values.demo ? ' (playing the demo #CNCD posts)' : ''}`)
console.log(`Point Tribune at it:\n  X_API_BASE_URL=${fake.url} X_BEARER_TOKEN=${values.token} npm start`)

const shutdown = async () => {
  stop()
  await fake.close()
  console.log(`Served ${fake.served.posts} posts and ${fake.served.users} users.`)
  process.exit(0)
}
process.on('SIGINT', () => void shutdown())
process.on('SIGTERM', () => void shutdown())
