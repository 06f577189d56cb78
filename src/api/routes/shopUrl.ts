import { z } from '@hono/zod-openapi';

/**
 * A shop's base URL as an admin registers it: http or https only, no credentials, no query or fragment,
 * normalised without a trailing slash. Outgoing shop requests only ever go to URLs registered here.
 */
export const ShopBaseUrl = z
  .string()
  .max(500)
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
  .openapi({ type: 'string', example: 'https://shop.example.com' });
