/**
 * @module server/security-headers
 * Browser security headers on every answer (Hono's `secureHeaders`): `X-Content-Type-Options:
 * nosniff`, a Content-Security-Policy the shipped UI works under, no framing (`frame-ancestors
 * 'none'`, `X-Frame-Options: DENY`) and `Referrer-Policy: same-origin`.
 *
 * Why these values: the UI's scripts are files of this origin (`script-src 'self'`, no inline
 * script); its Lit templates carry inline `style` attributes and index.html a `<style>` block, so
 * styles need `'unsafe-inline'` (styles cannot run code); downloads are `blob:` URLs and charts draw
 * no remote images. The referrer policy must keep same-origin requests' `Origin`: under
 * `no-referrer` a browser sends `Origin: null` with a same-origin POST, which the origin guard
 * (origin-guard.ts) refuses as cross-origin. No HSTS: the server speaks plain HTTP; a TLS proxy in
 * front sets its own.
 */
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

/** The Content-Security-Policy directives (also checked by the browser test). */
export const CONTENT_SECURITY_POLICY = Object.freeze({
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
});

/**
 * The middleware.
 * @example app.use('*', securityHeaders());
 */
export function securityHeaders(): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: { ...CONTENT_SECURITY_POLICY },
    xFrameOptions: 'DENY',
    referrerPolicy: 'same-origin',
    strictTransportSecurity: false,
  });
}
