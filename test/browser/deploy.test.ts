// Tribune as deployed: under a host name over plain http, and behind the sample nginx (deploy/nginx.conf) with TLS,
// in Chromium that resolves the name to this machine.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import https from 'node:https'
import http from 'node:http'
import { connect } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { NO_LIMITS, createEvent, startTestApp } from '../helpers/app'
import { launchBrowser, openPage } from '../helpers/browser'
import { eventually } from '../helpers/eventually'
import { ROOT, freePort } from '../helpers/process'

const HOST = 'tribune.mairie.test'
const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx'

/** Each test starts an application (and nginx): generous on a loaded machine. */
const START = { timeout: 180_000 }

let browser: Browser
const cleanups: (() => Promise<void> | void)[] = []

beforeAll(async () => {
  browser = await launchBrowser([`--host-resolver-rules=MAP ${HOST} 127.0.0.1`, '--ignore-certificate-errors'])
})

afterAll(async () => {
  await browser?.close()
  for (const cleanup of cleanups.reverse()) await cleanup()
})

/** Opens a page, failing on any console error or failed request (a script the policy blocked, a refused socket). */
async function openWatched(url: string): Promise<{ page: Page; problems: string[] }> {
  const problems: string[] = []
  const page = await openPage(browser, url, {
    viewport: { width: 420, height: 900 },
    prepare: async (p) => {
      p.on('console', (message) => message.type() === 'error' && problems.push(`console: ${message.text()}`))
      p.on('requestfailed', (request) => problems.push(`failed: ${request.url()} ${request.failure()?.errorText}`))
    },
  })
  return { page, problems }
}

describe('deployment in Chromium', () => {
  it('plain http under a host name that is not localhost: the attendee page renders and connects', START, async () => {
    const port = await freePort()
    const t = await startTestApp({ listen: true, port, serveClient: true, publicUrl: `http://${HOST}:${port}` })
    cleanups.push(() => t.close())
    const event = await createEvent(t)

    const { page, problems } = await openWatched(`http://${HOST}:${port}/e/${event.slug}`)
    // Really the case at stake: an insecure context, where upgrade-insecure-requests used to blank the page.
    expect(await page.evaluate(() => [location.protocol, window.isSecureContext])).toEqual(['http:', false])
    await page.getByTestId('tab-ask').waitFor()
    expect(problems).toEqual([])
    await page.close()
  })

  it(
    'https through nginx: the page works, a question reaches the moderator, the feed connects, limits count the client',
    START,
    async () => {
      if (!existsSync(NGINX)) throw new Error(`nginx not found at ${NGINX}: apt-get install -y nginx-light (browser tests never skip)`)
      const dir = mkdtempSync(path.join(os.tmpdir(), 'tribune-nginx-'))
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:prime256v1',
          '-nodes',
          '-days',
          '2',
          '-subj',
          `/CN=${HOST}`,
          '-addext',
          `subjectAltName=DNS:${HOST}`,
          '-keyout',
          path.join(dir, 'key.pem'),
          '-out',
          path.join(dir, 'cert.pem'),
        ],
        { stdio: 'pipe' },
      )
      const [tribunePort, httpsPort, httpPort] = [await freePort(), await freePort(), await freePort()]
      const origin = `https://${HOST}:${httpsPort}`

      // Three joins per address: the browser's page joins once, the rest is counted below.
      const t = await startTestApp({
        listen: true,
        port: tribunePort,
        serveClient: true,
        publicUrl: origin,
        trustProxy: ['127.0.0.1'],
        limits: { ...NO_LIMITS, join: { perAddress: 3 } },
      })
      cleanups.push(() => t.close())
      const nginx = await startNginx(dir, { tribunePort, httpsPort, httpPort })
      cleanups.push(() => stop(nginx))
      const event = await createEvent(t)

      const sockets: string[] = []
      const encodings = new Map<string, string | undefined>()
      const attendee = await openPage(browser, `${origin}/e/${event.slug}`, {
        viewport: { width: 420, height: 900 },
        prepare: async (p) => {
          p.on('websocket', (ws) => sockets.push(ws.url()))
          p.on('response', (response) => encodings.set(new URL(response.url()).pathname, response.headers()['content-encoding']))
        },
      })
      expect(await attendee.evaluate(() => [location.protocol, window.isSecureContext])).toEqual(['https:', true])
      // Socket.IO upgraded to a WebSocket through the proxy; the scripts came precompressed.
      await eventually(() => expect(sockets.some((url) => url.startsWith(`wss://${HOST}:${httpsPort}/socket.io/`))).toBe(true), {
        timeout: 20_000,
      })
      const attendeeScript = [...encodings.keys()].find((pathname) => /^\/assets\/attendee-[\w-]+\.js$/.test(pathname))
      expect(attendeeScript && encodings.get(attendeeScript)).toBe('br')

      const moderator = await openPage(browser, `${origin}/e/${event.slug}/moderate#token=${event.moderatorToken}`)
      await attendee.getByTestId('tab-ask').click()
      await attendee.getByTestId('ask-name').fill('Dominique')
      await attendee.getByTestId('ask-text').fill('Le déploiement derrière nginx tient-il la charge ?')
      await attendee.getByTestId('ask-submit').click()
      await moderator.getByTestId('lane-pending').getByTestId('item').filter({ hasText: 'derrière nginx' }).waitFor({ timeout: 20_000 })

      // The headers of an https deployment, through the proxy.
      const page = await viaProxy(httpsPort, '127.0.0.1', 'GET', `/e/${event.slug}`)
      expect(page.status).toBe(200)
      expect(page.headers['strict-transport-security']).toMatch(/max-age=31536000/)
      expect(String(page.headers['content-security-policy'])).toContain('upgrade-insecure-requests')

      // The client's address is the one nginx saw: 127.0.0.1 (the browser, then this process, whatever header it forges)
      // has used its three joins, while a client at 127.0.0.2 through the same proxy still joins. Without
      // TRUST_PROXY every client would be nginx's own 127.0.0.1 and share one allowance.
      const join = (from: string) =>
        viaProxy(httpsPort, from, 'POST', `/api/events/${event.slug}/attendees`, '{}', { 'x-forwarded-for': '198.51.100.7' })
      const fromBrowserAddress = [(await join('127.0.0.1')).status, (await join('127.0.0.1')).status, (await join('127.0.0.1')).status]
      expect(fromBrowserAddress).toEqual([201, 201, 429])
      expect((await join('127.0.0.2')).status).toBe(201)

      // The integration feed's WebSocket passes through its own location.
      const hello = await new Promise<{ type: string }>((resolve, reject) => {
        const ws = new WebSocket(
          `wss://127.0.0.1:${httpsPort}/api/events/${event.slug}/feed?key=${encodeURIComponent(event.speakerToken)}`,
          { agent: new https.Agent({ rejectUnauthorized: false, servername: HOST }), headers: { host: `${HOST}:${httpsPort}` } },
        )
        ws.once('message', (data: Buffer) => {
          resolve(JSON.parse(data.toString('utf8')))
          ws.close()
        })
        ws.once('error', reject)
      })
      expect(hello.type).toBe('hello')

      // Plain http on the proxy leads to https.
      const redirect = await new Promise<http.IncomingMessage>((resolve, reject) =>
        http.get({ host: '127.0.0.1', port: httpPort, path: `/e/${event.slug}`, headers: { host: HOST } }, resolve).on('error', reject),
      )
      redirect.resume()
      expect([redirect.statusCode, redirect.headers.location]).toEqual([301, `https://${HOST}/e/${event.slug}`])
    },
  )
})

interface Ports {
  tribunePort: number
  httpsPort: number
  httpPort: number
}

/** The committed site, with only its name, ports and certificate replaced, inside a main file of nginx's own. */
async function startNginx(dir: string, { tribunePort, httpsPort, httpPort }: Ports): Promise<ChildProcess> {
  let site = readFileSync(path.join(ROOT, 'deploy', 'nginx.conf'), 'utf8')
  const replace = (from: string, to: string) => {
    // Each value must still be in the sample: if it changed, the test must change with it.
    if (!site.includes(from)) throw new Error(`deploy/nginx.conf no longer contains ${from}`)
    site = site.split(from).join(to)
  }
  replace('server 127.0.0.1:3000;', `server 127.0.0.1:${tribunePort};`)
  replace('listen 443 ssl http2;', `listen 127.0.0.1:${httpsPort} ssl http2;`)
  replace('listen 80;', `listen 127.0.0.1:${httpPort};`)
  replace('/etc/letsencrypt/live/tribune.example.org/fullchain.pem', path.join(dir, 'cert.pem'))
  replace('/etc/letsencrypt/live/tribune.example.org/privkey.pem', path.join(dir, 'key.pem'))
  replace('tribune.example.org', HOST)
  writeFileSync(path.join(dir, 'site.conf'), site)
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `  ${kind}_temp_path ${path.join(dir, kind)};`)
  writeFileSync(
    path.join(dir, 'nginx.conf'),
    [
      'daemon off;',
      // One process, as this user: nothing to switch to, nothing left behind.
      'master_process off;',
      `pid ${path.join(dir, 'nginx.pid')};`,
      `error_log ${path.join(dir, 'error.log')} warn;`,
      'events { worker_connections 256; }',
      'http {',
      '  access_log off;',
      ...temp,
      `  include ${path.join(dir, 'site.conf')};`,
      '}',
      '',
    ].join('\n'),
  )
  const child = spawn(NGINX, ['-e', path.join(dir, 'error.log'), '-p', dir, '-c', path.join(dir, 'nginx.conf')], { stdio: 'pipe' })
  let output = ''
  child.stderr.on('data', (chunk) => (output += chunk))
  const log = () => output + (existsSync(path.join(dir, 'error.log')) ? readFileSync(path.join(dir, 'error.log'), 'utf8') : '')
  await eventually(
    async () => {
      if (child.exitCode !== null) throw new Error(`nginx exited (${child.exitCode}):\n${log()}`)
      await new Promise<void>((resolve, reject) => {
        const socket = connect(httpsPort, '127.0.0.1', () => socket.end(resolve)).on('error', reject)
      })
    },
    { timeout: 20_000, interval: 100 },
  ).catch((error: unknown) => {
    child.kill('SIGKILL')
    throw new Error(`nginx did not start: ${String(error)}\n${log()}`)
  })
  return child
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}

/** A request to the proxy from a chosen loopback address, as a client elsewhere would send it. */
function viaProxy(
  port: number,
  localAddress: string,
  method: string,
  pathname: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const request = https.request(
      {
        host: '127.0.0.1',
        port,
        localAddress,
        method,
        path: pathname,
        servername: HOST,
        rejectUnauthorized: false,
        agent: false,
        headers: { host: `${HOST}:${port}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
      },
      (response) => {
        let text = ''
        response.on('data', (chunk) => (text += chunk))
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }))
      },
    )
    request.on('error', reject)
    request.end(body)
  })
}
