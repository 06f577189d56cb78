import { Command } from 'commander';
import { ConfigError } from '../config/env';
import { CliError } from './cliError';
import { logger } from '../logging/logger';
import { StartupError } from '../errors/startupError';
import { COMMANDS } from './commands';
import { registerCoreCommands } from './coreCommands';

const program = new Command('ppm').description('PPM Sync: product sync between ERPs and PrestaShop shops').showHelpAfterError();
registerCoreCommands(program);
for (const register of COMMANDS) register(program);

program.parseAsync(process.argv).then(
  () => process.exit(process.exitCode ?? 0),
  (e: unknown) => {
    if (e instanceof CliError) {
      process.stderr.write(`ppm: ${e.message}\n`);
      process.exit(e.exitCode);
    }
    if (e instanceof ConfigError || e instanceof StartupError) process.stderr.write(`${e.message}\n`);
    else logger.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exit(1);
  },
);
