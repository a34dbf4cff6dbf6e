// Who may read /metrics: this machine without a token, the bearer of METRICS_TOKEN with one.
import { describe, expect, it } from 'vitest'
import { metricsAllowed } from '../../server/health/metrics'

const request = (ip: string, headers: Record<string, string> = {}) => ({ ip, headers })

describe('/metrics access', () => {
  it.each([
    ['127.0.0.1', 'ok'],
    ['127.0.0.53', 'ok'],
    ['::1', 'ok'],
    ['::ffff:127.0.0.1', 'ok'],
    ['192.0.2.10', 'forbidden'],
    ['::ffff:192.0.2.10', 'forbidden'],
    ['10.0.0.1', 'forbidden'],
  ])('without a token: %s → %s', (ip, expected) => {
    expect(metricsAllowed(null, request(ip))).toBe(expected)
  })

  it('without a token: a request a proxy forwarded is not local, even from the loopback', () => {
    expect(metricsAllowed(null, request('127.0.0.1', { 'x-forwarded-for': '203.0.113.7' }))).toBe('forbidden')
    expect(metricsAllowed(null, request('127.0.0.1', { forwarded: 'for=203.0.113.7' }))).toBe('forbidden')
  })

  it('with a token: only its bearer, from anywhere, the loopback included', () => {
    const token = 'metrics-token-0123456789'
    expect(metricsAllowed(token, request('192.0.2.10', { authorization: `Bearer ${token}` }))).toBe('ok')
    expect(metricsAllowed(token, request('127.0.0.1'))).toBe('unauthorized')
    expect(metricsAllowed(token, request('127.0.0.1', { authorization: `Bearer ${token}x` }))).toBe('unauthorized')
    expect(metricsAllowed(token, request('127.0.0.1', { authorization: token }))).toBe('unauthorized')
  })
})
