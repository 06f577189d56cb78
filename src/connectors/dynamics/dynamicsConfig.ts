import { z } from 'zod';

/**
 * Settings of one Business Central source (an environment + company reached with an Entra app registration).
 * Defaults are the real Microsoft endpoints; tests point `tokenUrl`/`apiBaseUrl` at the simulator.
 */
export const dynamicsConfigSchema = z.object({
  tenantId: z.string().min(1),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  environment: z.string().min(1),
  /** Company id (GUID) or name, resolved through `/companies`. */
  company: z.string().min(1),
  /** Full token URL; default `https://login.microsoftonline.com/{tenantId}/oauth2/v2.0/token`. */
  tokenUrl: z.string().url().optional(),
  /** API host; the environment root is `${apiBaseUrl}/v2.0/{tenantId}/{environment}/api/v2.0`. */
  apiBaseUrl: z.string().url().default('https://api.businesscentral.dynamics.com'),
  scope: z.string().default('https://api.businesscentral.dynamics.com/.default'),
  /** Currency of item unit prices (BC's local currency, LCY). */
  currency: z.string().length(3).default('PLN'),
  /**
   * taxGroupCode (in non-US BC: the VAT product posting group) → VAT symbol: a percentage ("23", "8", "0") or
   * "zw" (exempt) / "np" (out of scope). Matched case-insensitively. Unmapped codes give a null VAT rate.
   */
  vatRates: z.record(z.string(), z.string().regex(/^(\d+(\.\d+)?|zw|np)$/)).default({ VAT23: '23', VAT8: '8', VAT5: '5', VAT0: '0', ZW: 'zw', NP: 'np' }),
  /** In-flight requests per app identity and environment (BC online allows 5 per user). */
  maxConcurrency: z.number().int().min(1).max(5).default(5),
  requestTimeoutMs: z.number().int().positive().default(60_000),
  /** Refresh the token when less than this remains (capped at half the token's lifetime). */
  tokenRefreshMarginMs: z.number().int().nonnegative().default(5 * 60_000),
  /** Incremental pulls re-read this much before the previous scan's start (clock skew, read-replica lag). */
  changeOverlapMs: z.number().int().nonnegative().default(60_000),
  /** Expand each item's picture metadata (one extra join, no extra request). */
  includePictures: z.boolean().default(true),
});

export type DynamicsConfigInput = z.input<typeof dynamicsConfigSchema>;
export type DynamicsConfig = z.output<typeof dynamicsConfigSchema>;

export function defaultTokenUrl(tenantId: string): string {
  return `https://login.microsoftonline.com/${encodeURIComponent(tenantId)}/oauth2/v2.0/token`;
}

/** `${apiBaseUrl}/v2.0/{tenant}/{environment}/api/v2.0` */
export function environmentRoot(config: DynamicsConfig): string {
  return `${config.apiBaseUrl.replace(/\/+$/, '')}/v2.0/${encodeURIComponent(config.tenantId)}/${encodeURIComponent(config.environment)}/api/v2.0`;
}
