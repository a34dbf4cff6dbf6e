// The client's address, the same for HTTP and Socket.IO: the connection's peer, unless that peer is a proxy the
// operator named in TRUST_PROXY, whose X-Forwarded-For is then believed (and only as far as trusted hops go).
// Believing the header from anyone would let a visitor pick a new address per request and escape every limit.
import type { IncomingMessage } from 'node:http'
import proxyAddr from '@fastify/proxy-addr'

export type TrustProxy = (address: string, hop: number) => boolean

/**
 * Addresses, CIDR ranges or `loopback` / `linklocal` / `uniquelocal`; none: no proxy is trusted. Throws on a bad entry.
 * A hop count n trusts the first n peers whatever their address: safe only when Tribune is reachable through the
 * proxy alone, since a visitor reaching it directly would be believed as the proxy.
 */
export function trustProxy(entries: readonly string[] | number): TrustProxy {
  if (typeof entries === 'number') return (_address, hop) => hop < entries
  return entries.length === 0 ? () => false : proxyAddr.compile([...entries])
}

export function clientAddress(request: IncomingMessage, trust: TrustProxy): string {
  return proxyAddr(request, trust)
}
