/**
 * The API process of the `api-list` bench scenario (bench/scenarios/apiListScenario.ts): the app exactly as
 * `ppm api` builds it, on the scenario's database; Temporal is never called by the list route. Sends its port
 * and a `user` service token (`manager` with BENCH_TOKEN_ROLE=manager: the graphql-page scenario) to the parent, exits when the parent disconnects.
 */
import { Client as TemporalClient, Connection } from '@temporalio/client';
import { createApp } from '../src/api/app';
import { createServiceToken } from '../src/auth/serviceTokens';
import { loadConfig } from '../src/config/env';
import { openDatabase } from '../src/runtime/database';
import { listen } from '../src/runtime/httpServer';

async function serve(): Promise<void> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'warn', RATE_LIMIT_PER_IP: '100000000', RATE_LIMIT_PER_USER: '100000000' });
  const sequelize = await openDatabase(config, config.DATABASE_URL!);
  const temporal = new TemporalClient({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
  const app = createApp({ config, sequelize, temporal, readinessChecks: [] });
  const server = await listen(app, '127.0.0.1', 0);
  const role = process.env.BENCH_TOKEN_ROLE === 'manager' ? 'manager' : 'user';
  const { token } = await createServiceToken({ name: 'bench', role, expiresAt: new Date(Date.now() + 3_600_000), createdBy: null });
  process.send!({ port: server.port, token });
  process.on('disconnect', () => process.exit(0));
}

serve().catch((e) => {
  console.error(e);
  process.exit(1);
});
