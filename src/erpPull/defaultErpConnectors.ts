import type { DynamicsSourceDeps } from '../connectors/dynamics/DynamicsSource';
import type { DynamicsConfigInput } from '../connectors/dynamics/dynamicsConfig';
import type { SubiektConfig } from '../connectors/subiekt/SubiektConfig';
import type { ErpConnectorBuilders } from './erpSourceFactory';

/**
 * The real connectors, by kind. A source's connector options are its `settings` JSON merged with its
 * decrypted `credentials` JSON (credentials win): Subiekt GT `{ user, password }`, Business Central
 * `{ clientSecret }` (and optionally `clientId`). Each connector validates its options and throws a
 * CONFIGURATION ConnectorError naming the bad setting.
 *
 * Each connector's module is loaded when a source of its kind is first opened: Subiekt GT brings mssql, tedious and
 * @azure/identity (about 450 modules), Business Central its zod schemas; a worker that only pushes to shops, or
 * pulls from one kind of ERP, does not carry the other.
 */
export function realErpConnectors(deps: { dynamics?: DynamicsSourceDeps } = {}): ErpConnectorBuilders {
  return {
    subiekt: (def) => new (require('../connectors/subiekt/SubiektSource') as typeof import('../connectors/subiekt/SubiektSource')).SubiektSource({ ...def.settings, ...(def.credentials ?? {}) } as unknown as SubiektConfig),
    dynamics: (def) => new (require('../connectors/dynamics/DynamicsSource') as typeof import('../connectors/dynamics/DynamicsSource')).DynamicsSource({ ...def.settings, ...(def.credentials ?? {}) } as unknown as DynamicsConfigInput, deps.dynamics),
  };
}

export const DEFAULT_ERP_CONNECTORS: ErpConnectorBuilders = realErpConnectors();
