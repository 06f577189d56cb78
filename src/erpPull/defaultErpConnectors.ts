import { DynamicsSource, type DynamicsSourceDeps } from '../connectors/dynamics/DynamicsSource';
import type { DynamicsConfigInput } from '../connectors/dynamics/dynamicsConfig';
import type { SubiektConfig } from '../connectors/subiekt/SubiektConfig';
import { SubiektSource } from '../connectors/subiekt/SubiektSource';
import type { ErpConnectorBuilders } from './erpSourceFactory';

/**
 * The real connectors, by kind. A source's connector options are its `settings` JSON merged with its
 * decrypted `credentials` JSON (credentials win): Subiekt GT `{ user, password }`, Business Central
 * `{ clientSecret }` (and optionally `clientId`). Each connector validates its options and throws a
 * CONFIGURATION ConnectorError naming the bad setting.
 */
export function realErpConnectors(deps: { dynamics?: DynamicsSourceDeps } = {}): ErpConnectorBuilders {
  return {
    subiekt: (def) => new SubiektSource({ ...def.settings, ...(def.credentials ?? {}) } as unknown as SubiektConfig),
    dynamics: (def) => new DynamicsSource({ ...def.settings, ...(def.credentials ?? {}) } as unknown as DynamicsConfigInput, deps.dynamics),
  };
}

export const DEFAULT_ERP_CONNECTORS: ErpConnectorBuilders = realErpConnectors();
