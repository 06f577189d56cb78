import type { Sequelize } from 'sequelize';
import type { Config } from '../config/env';
import { SecretBox } from '../crypto/secretBox';
import { OutboundPolicy } from '../net/outboundPolicy';
import { DEFAULT_ERP_CONNECTORS } from './defaultErpConnectors';
import { createErpSourceFactory, type ErpSourceFactory } from './erpSourceFactory';

/** The worker's ERP source factory: credentials decrypted with ENCRYPTION_KEY, the real connectors, the outbound policy. */
export function defaultErpSourceFactory(config: Config, sequelize: Sequelize): ErpSourceFactory {
  return createErpSourceFactory({ sequelize, secretBox: new SecretBox(config.ENCRYPTION_KEY), builders: DEFAULT_ERP_CONNECTORS, outbound: new OutboundPolicy(config.OUTBOUND_ALLOWED_NETWORKS) });
}
