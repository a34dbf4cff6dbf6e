// The security headers follow the scheme of PUBLIC_URL, the address visitors use. Over https: HSTS,
// `upgrade-insecure-requests` and Cross-Origin-Opener-Policy. Over plain http none of them: that directive would send
// the browser to fetch the page's own scripts over https, which a plain-http deployment does not answer, and the page
// stays blank.
import type { FastifyHelmetOptions } from '@fastify/helmet'

/**
 * Helmet's options. `frameAncestors` lists the sites that may embed the page (FRAME_ANCESTORS, for the attendee page
 * only); empty: no site may, and X-Frame-Options says the same to browsers that ignore CSP's frame-ancestors.
 */
export function securityHeaders(publicUrl: string, frameAncestors: readonly string[] = []): FastifyHelmetOptions {
  const https = new URL(publicUrl).protocol === 'https:'
  const framed = frameAncestors.length > 0
  return {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        connectSrc: ["'self'", 'ws:', 'wss:'],
        imgSrc: ["'self'", 'data:', 'https:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        frameAncestors: framed ? [...frameAncestors] : ["'none'"],
        upgradeInsecureRequests: https ? [] : null,
      },
    },
    strictTransportSecurity: https ? { maxAge: 31_536_000 } : false,
    // Browsers ignore it outside a secure context, and say so in the console at every page load.
    crossOriginOpenerPolicy: https ? { policy: 'same-origin' } : false,
    // X-Frame-Options cannot name sites: with a list, CSP's frame-ancestors alone decides.
    xFrameOptions: framed ? false : { action: 'deny' },
  }
}
