import type { IncomingMessage } from 'node:http'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../server/config'
import { clientAddress, trustProxy } from '../../server/http/client-address'
import { pickLang } from '../../server/i18n/messages'

describe('configuration', () => {
  it('has defaults that run Tribune locally on PGlite', () => {
    expect(loadConfig({})).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      publicUrl: 'http://127.0.0.1:3000',
      databaseUrl: null,
      redisUrl: null,
      dataDir: path.resolve('data'),
      adminToken: null,
      logLevel: 'info',
    })
  })

  it('reads every rate limit from its own variable, and lifts them all for load tests', () => {
    expect(loadConfig({}).limits).toEqual({
      question: { perAttendee: 3, perAddress: 60 },
      vote: { perAttendee: 60, perAddress: 600 },
      join: { perAddress: 120 },
      connect: { perAddress: 600 },
      socketsPerToken: 20,
      registration: { perAddress: 30 },
      revision: { perAttendee: 10, perAddress: 300 },
    })
    expect(loadConfig({ LIMIT_QUESTIONS_PER_ADDRESS: '200' }).limits.question.perAddress).toBe(200)
    expect(loadConfig({ RATE_LIMITS: 'off' }).limits.vote.perAddress).toBe(Number.MAX_SAFE_INTEGER)
  })

  it('trusts no proxy by default, and the addresses or ranges TRUST_PROXY lists', () => {
    expect(loadConfig({}).trustProxy).toEqual([])
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, loopback' }).trustProxy).toEqual(['10.0.0.0/8', 'loopback'])
    expect(() => loadConfig({ TRUST_PROXY: 'the proxy' })).toThrow(ConfigError)
  })

  it('TRUST_PROXY as a hop count trusts that many peers, whatever their address', () => {
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2)
    const trust = trustProxy(loadConfig({ TRUST_PROXY: '2' }).trustProxy)
    // Hop 0 is the connection's peer, hop 1 the address it forwarded, hop 2 the client.
    expect([0, 1, 2].map((hop) => trust('203.0.113.9', hop))).toEqual([true, true, false])
    // Through one proxy: the client is the address the proxy saw, not one the client wrote in its own header.
    const request = (forwarded: string) =>
      ({ headers: { 'x-forwarded-for': forwarded }, socket: { remoteAddress: '10.0.0.2' } }) as unknown as IncomingMessage
    expect(clientAddress(request('198.51.100.7, 192.0.2.44'), trustProxy(loadConfig({ TRUST_PROXY: '1' }).trustProxy))).toBe('192.0.2.44')
    expect(clientAddress(request('192.0.2.44'), trustProxy(loadConfig({}).trustProxy))).toBe('10.0.0.2')
    expect(() => loadConfig({ TRUST_PROXY: '0' })).toThrow(/^TRUST_PROXY: a hop count must be at least 1/)
  })

  it('FRAME_ANCESTORS: none by default, else origins separated by spaces or commas', () => {
    expect(loadConfig({}).frameAncestors).toEqual([])
    expect(
      loadConfig({ FRAME_ANCESTORS: 'https://www.mairie.fr/, https://*.region.fr  http://intranet.local:8080' }).frameAncestors,
    ).toEqual(['https://www.mairie.fr', 'https://*.region.fr', 'http://intranet.local:8080'])
    for (const bad of ['www.mairie.fr', 'https://www.mairie.fr/webinaire', "'self'", 'ftp://files.mairie.fr', 'https://user@mairie.fr']) {
      expect(() => loadConfig({ FRAME_ANCESTORS: bad }), bad).toThrow(/^FRAME_ANCESTORS: must list the origins/)
    }
  })

  it('/metrics: for loopback callers by default, for the bearer of METRICS_TOKEN when it is set', () => {
    expect(loadConfig({}).metricsToken).toBeNull()
    expect(loadConfig({ METRICS_TOKEN: '  prometheus-scrape-0123  ' }).metricsToken).toBe('prometheus-scrape-0123')
  })

  it('derives the public URL from the port and trims a trailing slash from a given one', () => {
    expect(loadConfig({ PORT: '8080', HOST: '0.0.0.0' }).publicUrl).toBe('http://localhost:8080')
    expect(loadConfig({ PUBLIC_URL: 'https://tribune.example.fr/' }).publicUrl).toBe('https://tribune.example.fr')
  })

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ PUBLIC_URL: 'tribune.fr' }, 'PUBLIC_URL'],
    [{ PUBLIC_URL: 'ftp://tribune.fr' }, 'PUBLIC_URL'],
    [{ DATABASE_URL: 'mysql://localhost/db' }, 'DATABASE_URL'],
    [{ RATE_LIMITS: 'sometimes' }, 'RATE_LIMITS'],
    [{ LIMIT_VOTES_PER_ADDRESS: '0' }, 'LIMIT_VOTES_PER_ADDRESS'],
    [{ REDIS_URL: 'http://localhost:6379' }, 'REDIS_URL'],
    [{ ADMIN_TOKEN: 'short' }, 'ADMIN_TOKEN'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ METRICS_TOKEN: 'too-short' }, 'METRICS_TOKEN'],
    [{ METRICS_TOKEN: 'has a space in it, long enough' }, 'METRICS_TOKEN'],
  ])('refuses %o naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError)
    expect(() => loadConfig(env)).toThrow(new RegExp(`^${variable}: `))
  })
})

describe('language negotiation', () => {
  it.each([
    [undefined, 'fr'],
    ['en-GB,en;q=0.9', 'en'],
    ['de-DE,en;q=0.5,fr;q=0.8', 'fr'],
    ['de-DE', 'fr'],
    ['EN', 'en'],
  ])('%s → %s', (header, lang) => {
    expect(pickLang(header)).toBe(lang)
  })
})
