import fs from 'node:fs';
import type { ConnectionOptions } from '@temporalio/client';
import type { NativeConnectionOptions } from '@temporalio/worker';
import type { Config } from '../config/env';

/** Connection settings shared by the client and the worker: address, TLS/mTLS, Temporal Cloud API key. */
export function temporalConnectionOptions(config: Config, address: string): ConnectionOptions & NativeConnectionOptions {
  const useTls = config.TEMPORAL_TLS || !!config.TEMPORAL_TLS_CERT_PATH || !!config.TEMPORAL_API_KEY;
  const read = (p?: string) => (p ? fs.readFileSync(p) : undefined);
  return {
    address,
    tls: useTls
      ? {
          serverNameOverride: config.TEMPORAL_TLS_SERVER_NAME,
          serverRootCACertificate: read(config.TEMPORAL_TLS_CA_PATH),
          clientCertPair: config.TEMPORAL_TLS_CERT_PATH
            ? { crt: read(config.TEMPORAL_TLS_CERT_PATH)!, key: read(config.TEMPORAL_TLS_KEY_PATH)! }
            : undefined,
        }
      : false,
    apiKey: config.TEMPORAL_API_KEY,
    metadata: config.TEMPORAL_API_KEY ? { 'temporal-namespace': config.TEMPORAL_NAMESPACE } : undefined,
  };
}
