import { ConnectorError } from '../../errors/ConnectorError';
import type { BcApiClient } from './BcApiClient';

/** A company of the environment (reference §3.1). */
export interface BcCompany {
  id: string;
  name: string;
  displayName: string;
  systemVersion?: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every company of the environment (`GET /companies`, one page: at most 300). */
export async function listCompanies(api: BcApiClient): Promise<BcCompany[]> {
  const res = await api.getJson<{ value?: unknown }>('companies', 'GET companies');
  const list = Array.isArray(res.body.value) ? (res.body.value as Array<Partial<BcCompany>>) : [];
  return list.filter((c): c is BcCompany => typeof c.id === 'string' && typeof c.name === 'string');
}

/**
 * Finds the configured company by id (a GUID) or by name (exact, then case-insensitive, then display name) in
 * `GET /companies` (at most 300 per environment, one page).
 */
export async function resolveCompany(api: BcApiClient, selector: string): Promise<BcCompany> {
  const companies = await listCompanies(api);
  const wanted = selector.trim();
  const found = GUID.test(wanted)
    ? companies.find((c) => c.id.toLowerCase() === wanted.toLowerCase())
    : (companies.find((c) => c.name === wanted) ??
      companies.find((c) => c.name.toLowerCase() === wanted.toLowerCase()) ??
      companies.find((c) => (c.displayName ?? '').toLowerCase() === wanted.toLowerCase()));
  if (!found) {
    throw new ConnectorError({
      system: 'dynamics',
      code: 'CONFIGURATION',
      field: 'company',
      message: `Business Central company '${wanted}' not found in this environment; available: ${companies.map((c) => `'${c.name}' (${c.id})`).join(', ') || 'none'}`,
    });
  }
  return found;
}
