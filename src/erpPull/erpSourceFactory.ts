import type { Sequelize } from 'sequelize';
import type { ErpSource } from '../connectors/erp/ErpSource';
import type { SecretBox } from '../crypto/secretBox';
import { ConnectorError } from '../errors/ConnectorError';
import { ownedFields } from '../catalog/erpOwnedFields';
import { countedErpSource } from '../observability/countedErpSource';
import { type OutboundPolicy, OutboundRefusedError } from '../net/outboundPolicy';
import { decryptErpCredentials } from './erpCredentials';
import { erpEndpointHosts } from './erpEndpoint';
import type { ErpKind } from '../connectors/erp/erpKind';
import type { ErpSourceDefinition } from './erpSourceDefinition';

/** Builds a connector for one kind of ERP from a source's settings and decrypted credentials. */
export type ErpConnectorBuilder = (def: ErpSourceDefinition) => ErpSource;
export type ErpConnectorBuilders = Partial<Record<ErpKind, ErpConnectorBuilder>>;

/** What activities use: read a source's definition, and open a connector for it. */
export interface ErpSourceFactory {
  /** Null when there is no such source. */
  load(sourceId: number): Promise<ErpSourceDefinition | null>;
  open(def: ErpSourceDefinition): ErpSource;
}

interface ErpSourceRow {
  id: number;
  name: string;
  kind: ErpKind;
  active: boolean;
  settings: Record<string, unknown> | null;
  credentials_encrypted: string | null;
  field_ownership: unknown;
}

/** `erp_sources` record (kind, settings, decrypted credentials) → ErpSource, through `builders`. */
export function createErpSourceFactory(deps: { sequelize: Sequelize; secretBox: SecretBox; builders: ErpConnectorBuilders; outbound: OutboundPolicy }): ErpSourceFactory {
  return {
    async load(sourceId) {
      const [rows] = (await deps.sequelize.query(
        `SELECT id, name, kind, active, settings, credentials_encrypted, field_ownership FROM erp_sources WHERE id = $1`,
        { bind: [sourceId] },
      )) as [ErpSourceRow[], unknown];
      const row = rows[0];
      if (!row) return null;
      let credentials: Record<string, unknown> | null;
      try {
        credentials = decryptErpCredentials(deps.secretBox, { id: row.id, kind: row.kind, settings: row.settings }, row.credentials_encrypted);
      } catch (e) {
        throw new ConnectorError({
          system: row.kind,
          code: 'CONFIGURATION',
          message: `credentials of ERP source "${row.name}" cannot be decrypted (ENCRYPTION_KEY, or the endpoint settings changed without the credentials being entered again): ${(e as Error).message}`,
        });
      }
      // Credentials win over settings when the connector options are merged, so check the merged endpoint.
      try {
        for (const host of erpEndpointHosts(row.kind, { ...(row.settings ?? {}), ...(credentials ?? {}) })) await deps.outbound.assertResolvedAllowed(host);
      } catch (e) {
        if (!(e instanceof OutboundRefusedError)) throw e;
        throw new ConnectorError({ system: row.kind, code: 'CONFIGURATION', message: `ERP source "${row.name}" endpoint refused: ${e.message}` });
      }
      return {
        id: row.id,
        name: row.name,
        kind: row.kind,
        active: row.active,
        settings: row.settings ?? {},
        credentials,
        owned: ownedFields(row.field_ownership),
      };
    },
    open(def) {
      const build = deps.builders[def.kind];
      if (!build) {
        throw new ConnectorError({ system: def.kind, code: 'CONFIGURATION', message: `no connector is available for ERP kind "${def.kind}"` });
      }
      return countedErpSource(build(def), def.id, def.kind);
    },
  };
}
