import type { ErpKind } from '../connectors/erp/erpKind';

/**
 * The settings that decide where an ERP source's credentials are sent, per kind. Changing any of them needs the
 * credentials again (the envelope is bound to them) and is audited with the old and new endpoint.
 */
const ENDPOINT_SETTINGS: Record<ErpKind, readonly string[]> = {
  subiekt: ['server', 'port', 'instanceName', 'encrypt', 'trustServerCertificate'],
  dynamics: ['tenantId', 'tokenUrl', 'apiBaseUrl', 'scope'],
};

export type ErpEndpoint = Record<string, unknown>;

/** The endpoint-deciding settings of a source (absent ones as null), in a fixed order. */
export function erpEndpoint(kind: ErpKind, settings: Record<string, unknown> | null | undefined): ErpEndpoint {
  return Object.fromEntries((ENDPOINT_SETTINGS[kind] ?? []).map((k) => [k, settings?.[k] ?? null]));
}

export function sameErpEndpoint(a: ErpEndpoint, b: ErpEndpoint): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The host names an ERP source connects to (for the outbound policy): the SQL Server, or the BC token/API hosts. */
export function erpEndpointHosts(kind: ErpKind, settings: Record<string, unknown> | null | undefined): string[] {
  const hostOfUrl = (v: unknown) => {
    try {
      return typeof v === 'string' ? [new URL(v).hostname] : [];
    } catch {
      return [];
    }
  };
  if (kind === 'subiekt') {
    const server = settings?.server;
    // "host\\INSTANCE" or "host,port" as SQL Server tools write it.
    return typeof server === 'string' && server.trim() ? [server.trim().split(/[\\,]/)[0]] : [];
  }
  return [...hostOfUrl(settings?.tokenUrl), ...hostOfUrl(settings?.apiBaseUrl ?? 'https://api.businesscentral.dynamics.com')];
}
