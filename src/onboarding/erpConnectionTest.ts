import { ConnectorError } from '../errors/ConnectorError';
import type { ErpSourceFactory } from '../erpPull/erpSourceFactory';

/**
 * A live check of a registered ERP source for the admin, through the worker's own connector factory (credentials,
 * outbound policy): it connects, counts the products, and reports what the connector can discover for setup —
 * Subiekt GT: server version, database, price level names, the configured and all warehouses; Business Central:
 * the company, its system version and item count. A source that cannot be reached or refuses the credentials is
 * reported (ok: false, error with the connector's code), not answered with an HTTP error.
 */

export interface ErpTestReport {
  ok: boolean;
  error: { code: string; message: string } | null;
  system: 'subiekt' | 'dynamics';
  description: string | null;
  productCount: number | null;
  /** what the connector discovered (price levels, warehouses, company…) */
  details: Record<string, unknown>;
}

const TEST_TIMEOUT_MS = 20_000;

/** null when there is no such source. */
export async function testErpConnection(factory: ErpSourceFactory, sourceId: number, kind: 'subiekt' | 'dynamics'): Promise<ErpTestReport | null> {
  const failed = (e: ConnectorError): ErpTestReport => ({ ok: false, error: { code: e.code, message: e.message }, system: kind, description: null, productCount: null, details: {} });
  let timer: NodeJS.Timeout | undefined;
  try {
    const def = await factory.load(sourceId);
    if (!def) return null;
    const source = factory.open(def);
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new ConnectorError({ system: kind, code: 'TIMEOUT', message: `no answer within ${TEST_TIMEOUT_MS / 1000} s` })), TEST_TIMEOUT_MS);
      });
      const info = await Promise.race([source.testConnection(), timeout]);
      const count = info.details.productCount ?? info.details.itemCount;
      return { ok: true, error: null, system: info.system, description: info.description, productCount: typeof count === 'number' ? count : null, details: info.details };
    } finally {
      clearTimeout(timer);
      await source.close().catch(() => undefined);
    }
  } catch (e) {
    if (e instanceof ConnectorError) return failed(e);
    throw e;
  }
}
