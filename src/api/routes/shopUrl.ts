import { z } from '@hono/zod-openapi';

/**
 * A shop's base URL as an admin registers it: http or https only, no credentials, no query or fragment,
 * normalised without a trailing slash. Outgoing shop requests only ever go to URLs registered here.
 */
const OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])';
const IPV4 = `(${OCTET}\\.){3}${OCTET}`;
const H16 = '[0-9A-Fa-f]{1,4}';
/** An IPv6 literal in brackets (RFC 4291 text forms, including an embedded IPv4 tail such as ::ffff:127.0.0.1). */
const IPV6 = [
  `(${H16}:){7}${H16}`,
  `(${H16}:){1,7}:`,
  `(${H16}:){1,6}:${H16}`,
  `(${H16}:){1,5}(:${H16}){1,2}`,
  `(${H16}:){1,4}(:${H16}){1,3}`,
  `(${H16}:){1,3}(:${H16}){1,4}`,
  `(${H16}:){1,2}(:${H16}){1,5}`,
  `${H16}:(:${H16}){1,6}`,
  `:((:${H16}){1,7}|:)`,
  `(${H16}:){6}${IPV4}`,
  `::([Ff]{4}(:0{1,4})?:)?${IPV4}`,
  `(${H16}:){1,4}:${IPV4}`,
].join('|');
const HOST = `(\\[(${IPV6})\\]|${IPV4}|[A-Za-z][A-Za-z0-9-]*(\\.[A-Za-z][A-Za-z0-9-]*)*)`;
const PORT = '(:([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5]))?';
/** http(s)://host[:port][/path]: the shape accepted (and documented); the URL parser below has the last word. */
const BASE_URL_PATTERN = new RegExp(`^https?://${HOST}${PORT}(/[A-Za-z0-9._~%!$&'()*+,;=:@-]*)*$`);

export const ShopBaseUrl = z
  .string()
  .max(500)
  .regex(BASE_URL_PATTERN, 'expected http(s)://host[:port][/path] without credentials, query or fragment')
  .transform((raw, ctx) => {
    let u: URL;
    try {
      u = new URL(raw.trim());
    } catch {
      ctx.addIssue({ code: 'custom', message: 'not a URL' });
      return z.NEVER;
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') ctx.addIssue({ code: 'custom', message: 'only http and https URLs are allowed' });
    if (u.username || u.password) ctx.addIssue({ code: 'custom', message: 'credentials in the URL are not allowed (use apiKey)' });
    if (u.search || u.hash) ctx.addIssue({ code: 'custom', message: 'query and fragment are not allowed' });
    return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
  })
  .openapi({ type: 'string', maxLength: 500, pattern: BASE_URL_PATTERN.source, example: 'https://shop.example.com' });
