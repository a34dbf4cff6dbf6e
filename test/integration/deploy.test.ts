// Deployment: the security headers follow PUBLIC_URL's scheme, FRAME_ANCESTORS opens the attendee page to the sites it
// names, and the built assets are sent precompressed as the browser accepts.
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { CLIENT_DIR, type TestApp, startTestApp } from '../helpers/app'

const apps: TestApp[] = []
afterAll(async () => {
  for (const app of apps) await app.close()
})

async function app(options: Parameters<typeof startTestApp>[0]): Promise<TestApp> {
  const started = await startTestApp({ serveClient: true, ...options })
  apps.push(started)
  return started
}

/** Each test starts its own application (a fresh database): generous on a loaded machine. */
const START = { timeout: 120_000 }

const csp = (headers: Record<string, unknown>) => String(headers['content-security-policy'])

describe('security headers by deployment', () => {
  it('over plain http (PUBLIC_URL http://…): no HSTS, COOP or upgrade-insecure-requests, which would blank the page', START, async () => {
    const t = await app({ publicUrl: 'http://tribune.mairie.test:8080' })
    for (const url of ['/e/webinaire', '/e/webinaire/moderate', '/health']) {
      const response = await t.app.inject({ method: 'GET', url })
      expect(response.statusCode).toBe(200)
      expect(response.headers['strict-transport-security']).toBeUndefined()
      expect(response.headers['cross-origin-opener-policy']).toBeUndefined()
      expect(csp(response.headers)).not.toContain('upgrade-insecure-requests')
      expect(csp(response.headers)).toContain("script-src 'self'")
      expect(csp(response.headers)).toContain("frame-ancestors 'none'")
      expect(response.headers['x-frame-options']).toBe('DENY')
    }
  })

  it('over https (PUBLIC_URL https://…): HSTS and upgrade-insecure-requests on every response', START, async () => {
    const t = await app({ publicUrl: 'https://tribune.mairie.fr' })
    for (const url of ['/e/webinaire', '/e/webinaire/stage', '/health']) {
      const response = await t.app.inject({ method: 'GET', url })
      expect(response.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains')
      expect(response.headers['cross-origin-opener-policy']).toBe('same-origin')
      expect(csp(response.headers)).toContain('upgrade-insecure-requests')
      expect(csp(response.headers)).toContain("frame-ancestors 'none'")
    }
  })

  it('FRAME_ANCESTORS lets the sites it names embed the attendee page, and no other page', START, async () => {
    const t = await app({ publicUrl: 'https://tribune.mairie.fr', frameAncestors: ['https://www.mairie.fr', 'https://*.region.fr'] })
    const attendee = await t.app.inject({ method: 'GET', url: '/e/webinaire' })
    expect(csp(attendee.headers)).toContain('frame-ancestors https://www.mairie.fr https://*.region.fr')
    // X-Frame-Options cannot name sites; sent, it would forbid the embedding in browsers that read it.
    expect(attendee.headers['x-frame-options']).toBeUndefined()
    expect(csp(attendee.headers)).toContain('upgrade-insecure-requests')
    for (const url of ['/e/webinaire/moderate', '/e/webinaire/stage', '/e/webinaire/screen', '/organise', '/health']) {
      const response = await t.app.inject({ method: 'GET', url })
      expect(csp(response.headers), url).toContain("frame-ancestors 'none'")
      expect(response.headers['x-frame-options'], url).toBe('DENY')
    }
  })
})

describe('precompressed assets', () => {
  it("sends the attendee page and its scripts as brotli, gzip or plain as asked, each byte for byte the built file's", START, async () => {
    const t = await app({})
    const html = readFileSync(path.join(CLIENT_DIR, 'attendee.html'), 'utf8')
    const scripts = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((match) => match[1]!)
    // One chunk since the attendee page's first download was merged (vite.config.ts); its later parts are fetched by it.
    expect(scripts.length).toBeGreaterThanOrEqual(1)
    const decoders = { br: brotliDecompressSync, gzip: gunzipSync }
    for (const url of ['/e/webinaire', ...scripts]) {
      const file = path.join(CLIENT_DIR, url === '/e/webinaire' ? 'attendee.html' : url)
      const original = readFileSync(file)
      // A file too small for compression to pay (a few dozen bytes) has no compressed copy and goes out as it is.
      const copies = (['br', 'gzip'] as const).filter((encoding) => existsSync(`${file}.${encoding === 'br' ? 'br' : 'gz'}`))
      if (copies.length === 0) expect(original.length, url).toBeLessThan(200)
      for (const encoding of copies) {
        const response = await t.app.inject({ method: 'GET', url, headers: { 'accept-encoding': encoding } })
        expect(response.statusCode, url).toBe(200)
        expect(response.headers['content-encoding'], `${url} ${encoding}`).toBe(encoding)
        expect(response.headers.vary, url).toMatch(/accept-encoding/i)
        expect(response.headers['content-type'], url).toMatch(url.endsWith('.js') ? /javascript/ : /text\/html/)
        expect(response.rawPayload.length, url).toBeLessThan(original.length)
        expect(decoders[encoding](response.rawPayload).equals(original), `${url} ${encoding}`).toBe(true)
      }
      const plain = await t.app.inject({ method: 'GET', url })
      expect(plain.headers['content-encoding'], url).toBeUndefined()
      expect(plain.headers.vary, url).toMatch(/accept-encoding/i)
      expect(plain.rawPayload.equals(original), url).toBe(true)
    }
    // A browser that accepts both gets brotli, the smaller.
    const both = await t.app.inject({ method: 'GET', url: scripts[0]!, headers: { 'accept-encoding': 'gzip, deflate, br' } })
    expect(both.headers['content-encoding']).toBe('br')
  })
})
