// Configuration from the environment, validated once at start: a bad value stops the process with one clear line.
import path from 'node:path'

export interface Config {
  port: number
  host: string
  publicUrl: string
  databaseUrl: string | null
  dataDir: string
  adminToken: string | null
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
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
  const adminToken = nonEmpty(env.ADMIN_TOKEN)
  if (adminToken !== null && adminToken.length < 16) {
    throw new ConfigError('ADMIN_TOKEN', 'must be at least 16 characters long')
  }
  const logLevel = nonEmpty(env.LOG_LEVEL) ?? 'info'
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')} (got "${logLevel}")`)
  }
  return {
    port,
    host,
    publicUrl: publicUrl.replace(/\/+$/, ''),
    databaseUrl,
    dataDir: path.resolve(nonEmpty(env.DATA_DIR) ?? 'data'),
    adminToken,
    logLevel: logLevel as Config['logLevel'],
  }
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
