import { Client, Connection } from '@temporalio/client';
import type { Config } from '../config/env';
import { temporalClientInterceptors } from '../observability/tracing';
import { temporalConnectionOptions } from './connectionOptions';

export async function createTemporalClient(config: Config, address: string): Promise<Client> {
  const connection = await Connection.connect(temporalConnectionOptions(config, address));
  return new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, interceptors: temporalClientInterceptors() });
}
