import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../server/config'
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
