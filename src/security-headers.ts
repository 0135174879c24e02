// Headers every answer carries, pages, files and API answers alike. helmet is the library made for this but
// is not a dependency; what the app needs from it is these four constant headers, set in one place.
import type { RequestHandler } from "express";

/**
 * The content security policy of every answer. The pages (the explorer, GraphiQL) load everything from
 * this origin and nothing from elsewhere, so a stray CDN reference fails visibly; they run no inline
 * script; inline styles stay allowed because Cytoscape.js, the explorer's markup and GraphiQL set style
 * attributes; blob: and data: images are the explorer's downloads and icons. No site may frame any page.
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/**
 * The content security policy, `nosniff` (a file is what its Content-Type says, never a script a browser
 * guessed), `X-Frame-Options: DENY` for browsers that predate `frame-ancestors`, and no Referer to other
 * sites: for answers written before Express sees the request too (src/api/request-body.ts).
 */
export const securityHeaderValues: Readonly<Record<string, string>> = {
  "content-security-policy": contentSecurityPolicy,
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
};

/**
 * Sets {@link securityHeaderValues} on every answer.
 *
 * @example
 * app.use(securityHeaders());
 */
export function securityHeaders(): RequestHandler {
  return (_req, res, next) => {
    res.set(securityHeaderValues);
    next();
  };
}
