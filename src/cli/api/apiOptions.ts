import type { Command } from 'commander';
import { loadApiClientSettings } from '../../config/env';
import { CliError } from '../cliError';
import { ApiClient } from './apiClient';

/** The options every client command takes. */
export interface ApiOptions {
  apiUrl?: string;
  token?: string;
  json?: boolean;
}

/** Adds --api-url, --token and --json to a client command. */
export function withApiOptions(cmd: Command): Command {
  return cmd
    .option('--api-url <url>', 'the running API (default: $PPM_API_URL or http://127.0.0.1:3000)')
    .option('--token <token>', 'a bearer token: service token or access token (default: $PPM_TOKEN)')
    .option('--json', 'print JSON for scripts instead of text');
}

/** The API client from flags, else the environment. */
export function apiClientFrom(opts: ApiOptions): ApiClient {
  const settings = loadApiClientSettings();
  const url = opts.apiUrl ?? settings.PPM_API_URL;
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) throw new CliError(`--api-url must be an http(s) URL such as http://127.0.0.1:3000 (got "${url}")`);
  return new ApiClient(url, opts.token ?? settings.PPM_TOKEN);
}
