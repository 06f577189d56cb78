/**
 * How the contract test runs schemathesis: every check, a fixed seed, enough examples per operation, and every
 * operation except the one that could revoke the service token the run authenticates with.
 * The version is pinned in .ci/run and README (Tests).
 */
export const SCHEMATHESIS_BIN = '.tools/venv/bin/schemathesis';

/** Options before the `run` command (relative to the repository root). */
export const SCHEMATHESIS_GLOBAL_ARGS = ['--config-file', 'test/contract/schemathesis.toml'];

export const SCHEMATHESIS_ARGS = [
  '--checks', 'all',
  '--seed', '20261127',
  '--max-examples', '30',
  '--workers', '1',
  '--exclude-path', '/api/v1/service-tokens/{id}', // DELETE only: revoking a token could revoke the run's own
  '--suppress-health-check', 'all',
  '--request-timeout', '30',
];
