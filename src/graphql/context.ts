import type { Context } from 'hono';
import type { AppEnv } from '../api/appEnv';
import type { Principal } from '../auth/principal';
import type { GraphqlServices } from './services';
import type { Loaders } from './loaders';

/** What every resolver gets: the HTTP request (for the REST helpers that read it), the caller, the services, per-request loaders. */
export interface GraphqlContext {
  http: Context<AppEnv>;
  principal: Principal;
  services: GraphqlServices;
  loaders: Loaders;
}
