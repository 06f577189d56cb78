import { type Config, ConfigError } from '../config/env';

/** For the production split: a setting that `ppm start` may default but `ppm api`/`ppm worker` must be given. */
export function requireSetting(config: Config, name: 'DATABASE_URL' | 'TEMPORAL_ADDRESS', command: string): string {
  const value = config[name];
  if (!value) throw new ConfigError([`${name}: required by \`${command}\` (only \`ppm start\` provides a local default)`]);
  return value;
}
