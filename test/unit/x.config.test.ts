import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../server/config'

describe('X configuration', () => {
  it('is off without a token, with the documented prices', () => {
    expect(loadConfig({}).x).toEqual({
      bearerToken: null,
      apiBaseUrl: null,
      pricePerPostUsd: 0.005,
      pricePerUserUsd: 0.01,
      requestTimeoutMs: 10_000,
      pollIntervalMs: null,
    })
  })

  it('reads the token, a base URL for a fake X, prices, timeout and an interval override', () => {
    const x = loadConfig({
      X_BEARER_TOKEN: ' AAAA ',
      X_API_BASE_URL: 'http://127.0.0.1:4010',
      X_PRICE_PER_POST_USD: '0.01',
      X_PRICE_PER_USER_USD: '0',
      X_REQUEST_TIMEOUT_MS: '2500',
      X_POLL_INTERVAL_MS: '500',
    }).x
    expect(x).toEqual({
      bearerToken: 'AAAA',
      apiBaseUrl: 'http://127.0.0.1:4010',
      pricePerPostUsd: 0.01,
      pricePerUserUsd: 0,
      requestTimeoutMs: 2500,
      pollIntervalMs: 500,
    })
  })

  it.each([
    [{ X_API_BASE_URL: 'ftp://fake' }, 'X_API_BASE_URL'],
    [{ X_API_BASE_URL: 'not a url' }, 'X_API_BASE_URL'],
    [{ X_PRICE_PER_POST_USD: '-1' }, 'X_PRICE_PER_POST_USD'],
    [{ X_PRICE_PER_USER_USD: 'cheap' }, 'X_PRICE_PER_USER_USD'],
    [{ X_REQUEST_TIMEOUT_MS: '5' }, 'X_REQUEST_TIMEOUT_MS'],
    [{ X_POLL_INTERVAL_MS: '10' }, 'X_POLL_INTERVAL_MS'],
  ])('refuses %o naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError)
    expect(() => loadConfig(env)).toThrow(new RegExp(`^${variable}: `))
  })
})
