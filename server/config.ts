// Configuration from the environment, validated once at start: a bad value stops the process with one clear line.
import path from 'node:path'
import { DEFAULT_LIMITS, type Limits } from './limits/rate-limiter'
import { trustProxy } from './http/client-address'

export interface Config {
  port: number
  host: string
  publicUrl: string
  databaseUrl: string | null
  /** Several processes behind a load balancer share broadcasts through Redis Streams. */
  redisUrl: string | null
  /** Names this deployment's keys and stream in Redis, so two deployments can share one server. */
  redisPrefix: string
  dataDir: string
  adminToken: string | null
  /** METRICS_TOKEN: /metrics for whoever sends it as a Bearer token; null: for callers on this machine only. */
  metricsToken: string | null
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
  /** TRUST_PROXY: the reverse proxies whose X-Forwarded-For is believed, or how many hops; none by default. */
  trustProxy: string[] | number
  /** FRAME_ANCESTORS: the sites allowed to embed the attendee page; none by default. */
  frameAncestors: string[]
  /** Per minute; `RATE_LIMITS=off` lifts them all (load tests only). */
  limits: Limits
  x: XConfig
  mail: MailConfig
}

/** E-mail: an SMTP server, or .eml files in DATA_DIR/outbox when there is none. */
interface MailConfig {
  smtpUrl: string | null
  /** The From address; required with SMTP_URL (servers refuse unknown senders). */
  from: string
  outboxDir: string
  /** A send silent for longer (a stopped process) is taken over by another process. */
  leaseMs: number
}

/** The X source: off without a bearer token; the base URL points the client at a fake X in tests and the demo. */
export interface XConfig {
  bearerToken: string | null
  apiBaseUrl: string | null
  pricePerPostUsd: number
  pricePerUserUsd: number
  requestTimeoutMs: number
  /** Replaces every event's poll interval (tests, demo); null keeps each event's own. */
  pollIntervalMs: number | null
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`${variable}: ${detail}`)
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = parsePort(env.PORT)
  const host = nonEmpty(env.HOST) ?? '127.0.0.1'
  const publicUrl = parseUrl('PUBLIC_URL', nonEmpty(env.PUBLIC_URL) ?? `http://${displayHost(host)}:${port}`, ['http:', 'https:'])
  const databaseUrl = nonEmpty(env.DATABASE_URL)
  if (databaseUrl) parseUrl('DATABASE_URL', databaseUrl, ['postgres:', 'postgresql:'])
  const redisUrl = nonEmpty(env.REDIS_URL)
  if (redisUrl) parseUrl('REDIS_URL', redisUrl, ['redis:', 'rediss:'])
  const redisPrefix = nonEmpty(env.REDIS_PREFIX) ?? 'tribune'
  if (!/^[A-Za-z0-9_.:-]{1,64}$/.test(redisPrefix)) throw new ConfigError('REDIS_PREFIX', 'must be 1 to 64 letters, digits or _ . : -')
  const adminToken = nonEmpty(env.ADMIN_TOKEN)
  if (adminToken !== null && adminToken.length < 16) {
    throw new ConfigError('ADMIN_TOKEN', 'must be at least 16 characters long')
  }
  const metricsToken = nonEmpty(env.METRICS_TOKEN)
  if (metricsToken !== null && !/^[\x21-\x7e]{16,}$/.test(metricsToken)) {
    throw new ConfigError('METRICS_TOKEN', 'must be at least 16 printable characters, without spaces')
  }
  const logLevel = nonEmpty(env.LOG_LEVEL) ?? 'info'
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')} (got "${logLevel}")`)
  }
  const dataDir = path.resolve(nonEmpty(env.DATA_DIR) ?? 'data')
  const trusted = parseTrustProxy(env.TRUST_PROXY)
  return {
    port,
    host,
    publicUrl: publicUrl.replace(/\/+$/, ''),
    databaseUrl,
    redisUrl,
    redisPrefix,
    dataDir,
    adminToken,
    metricsToken,
    logLevel: logLevel as Config['logLevel'],
    trustProxy: trusted,
    frameAncestors: parseFrameAncestors(env.FRAME_ANCESTORS),
    limits: loadLimits(env),
    x: loadXConfig(env),
    mail: loadMailConfig(env, dataDir),
  }
}

/** A list of proxies, or a hop count (`2`: the peer and the hop before it are proxies). */
function parseTrustProxy(raw: string | undefined): string[] | number {
  const value = nonEmpty(raw) ?? ''
  if (/^\d+$/.test(value)) {
    const hops = Number(value)
    if (hops < 1) throw new ConfigError('TRUST_PROXY', `a hop count must be at least 1; leave it unset to trust no proxy (got "${value}")`)
    return hops
  }
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
  try {
    trustProxy(entries)
  } catch {
    throw new ConfigError(
      'TRUST_PROXY',
      `must list proxy addresses or ranges, e.g. "127.0.0.1" or "10.0.0.0/8, loopback", or be a hop count such as 1 (got "${raw}")`,
    )
  }
  return entries
}

/** Origins (`https://site.example`, `https://*.example.org`, with a port if any), space- or comma-separated. */
function parseFrameAncestors(raw: string | undefined): string[] {
  const entries = (nonEmpty(raw) ?? '').split(/[\s,]+/).filter((entry) => entry !== '')
  return entries.map((entry) => {
    const wildcard = /^(https?:\/\/)\*\./.exec(entry)
    let url: URL | null
    try {
      url = new URL(wildcard ? entry.replace('*.', '') : entry)
    } catch {
      url = null
    }
    // An origin only: a path, query or credentials would be ignored by browsers, or mean the operator meant something else.
    if (!url || !['http:', 'https:'].includes(url.protocol) || url.origin === 'null' || `${url.origin}/` !== `${url.href}`) {
      throw new ConfigError(
        'FRAME_ANCESTORS',
        `must list the origins allowed to embed the attendee page, e.g. "https://www.example.org https://*.example.fr" (got "${entry}")`,
      )
    }
    return wildcard ? `${wildcard[1]}*.${url.host}` : url.origin
  })
}

const ADDRESS = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$|^[^\s@<>]+@localhost$/

function loadMailConfig(env: NodeJS.ProcessEnv, dataDir: string): MailConfig {
  const smtpUrl = nonEmpty(env.SMTP_URL)
  if (smtpUrl) parseUrl('SMTP_URL', smtpUrl, ['smtp:', 'smtps:'])
  const from = nonEmpty(env.MAIL_FROM)
  if (smtpUrl && !from) throw new ConfigError('MAIL_FROM', 'is required with SMTP_URL (e.g. "DAECT <webinaire@example.org>")')
  if (from) {
    // "Name <address>" or a bare address.
    const address = /<([^<>]+)>\s*$/.exec(from)?.[1] ?? from
    if (!ADDRESS.test(address.trim())) throw new ConfigError('MAIL_FROM', `is not an e-mail address (got "${from}")`)
  }
  return {
    smtpUrl,
    from: from ?? 'Tribune <tribune@localhost>',
    outboxDir: path.join(dataDir, 'outbox'),
    leaseMs: parseNumber('MAIL_LEASE_SECONDS', env.MAIL_LEASE_SECONDS, 30, 1)! * 1000,
  }
}

function loadXConfig(env: NodeJS.ProcessEnv): XConfig {
  const apiBaseUrl = nonEmpty(env.X_API_BASE_URL)
  if (apiBaseUrl) parseUrl('X_API_BASE_URL', apiBaseUrl, ['http:', 'https:'])
  const interval = parseNumber('X_POLL_INTERVAL_MS', env.X_POLL_INTERVAL_MS, null, 100)
  return {
    bearerToken: nonEmpty(env.X_BEARER_TOKEN),
    apiBaseUrl,
    pricePerPostUsd: parseNumber('X_PRICE_PER_POST_USD', env.X_PRICE_PER_POST_USD, 0.005, 0)!,
    pricePerUserUsd: parseNumber('X_PRICE_PER_USER_USD', env.X_PRICE_PER_USER_USD, 0.01, 0)!,
    requestTimeoutMs: parseNumber('X_REQUEST_TIMEOUT_MS', env.X_REQUEST_TIMEOUT_MS, 10_000, 100)!,
    pollIntervalMs: interval,
  }
}

/** Every limit by its own variable; `RATE_LIMITS=off` lifts them all, for load tests on one machine. */
function loadLimits(env: NodeJS.ProcessEnv): Limits {
  const switch_ = nonEmpty(env.RATE_LIMITS) ?? 'on'
  if (switch_ !== 'on' && switch_ !== 'off') throw new ConfigError('RATE_LIMITS', `must be on or off (got "${switch_}")`)
  const limit = (variable: string, fallback: number) =>
    switch_ === 'off' ? Number.MAX_SAFE_INTEGER : Math.floor(parseNumber(variable, env[variable], fallback, 1)!)
  return {
    question: {
      perAttendee: limit('LIMIT_QUESTIONS_PER_ATTENDEE', DEFAULT_LIMITS.question.perAttendee),
      perAddress: limit('LIMIT_QUESTIONS_PER_ADDRESS', DEFAULT_LIMITS.question.perAddress),
    },
    vote: {
      perAttendee: limit('LIMIT_VOTES_PER_ATTENDEE', DEFAULT_LIMITS.vote.perAttendee),
      perAddress: limit('LIMIT_VOTES_PER_ADDRESS', DEFAULT_LIMITS.vote.perAddress),
    },
    join: { perAddress: limit('LIMIT_JOINS_PER_ADDRESS', DEFAULT_LIMITS.join.perAddress) },
    connect: { perAddress: limit('LIMIT_CONNECTIONS_PER_ADDRESS', DEFAULT_LIMITS.connect.perAddress) },
    socketsPerToken: limit('LIMIT_SOCKETS_PER_TOKEN', DEFAULT_LIMITS.socketsPerToken),
    registration: { perAddress: limit('LIMIT_REGISTRATIONS_PER_ADDRESS', DEFAULT_LIMITS.registration.perAddress) },
    revision: {
      perAttendee: limit('LIMIT_REVISIONS_PER_ATTENDEE', DEFAULT_LIMITS.revision.perAttendee),
      perAddress: limit('LIMIT_REVISIONS_PER_ADDRESS', DEFAULT_LIMITS.revision.perAddress),
    },
  }
}

function parseNumber(variable: string, raw: string | undefined, fallback: number | null, minimum: number): number | null {
  const value = nonEmpty(raw)
  if (value === null) return fallback
  const number = Number(value)
  if (!Number.isFinite(number) || number < minimum) {
    throw new ConfigError(variable, `must be a number of at least ${minimum} (got "${value}")`)
  }
  return number
}

function nonEmpty(value: string | undefined): string | null {
  return value === undefined || value.trim() === '' ? null : value.trim()
}

function parsePort(raw: string | undefined): number {
  const value = nonEmpty(raw)
  if (value === null) return 3000
  if (!/^\d+$/.test(value) || Number(value) > 65535) {
    throw new ConfigError('PORT', `must be a whole number from 0 to 65535 (got "${value}")`)
  }
  return Number(value)
}

function parseUrl(variable: string, value: string, protocols: string[]): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new ConfigError(variable, `is not a valid URL (got "${value}")`)
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(variable, `must start with ${protocols.map((p) => `${p}//`).join(' or ')}`)
  }
  return value
}

function displayHost(host: string): string {
  return host === '0.0.0.0' || host === '::' ? 'localhost' : host
}
