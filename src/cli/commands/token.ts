import type { Command } from 'commander';
import { ROLES } from '../../auth/role';
import { loadConfig } from '../../config/env';
import { configureLogger } from '../../logging/logger';
import { requireSetting } from '../../runtime/requireSetting';
import type { RegisterCommand } from './registerCommand';

/** `ppm token create --role admin --name ops [--days 90]`: a service token for bootstrapping and machines. */
export const register: RegisterCommand = (program: Command) => {
  const token = program.command('token').description('service tokens for machine clients (needs DATABASE_URL)');
  token
    .command('create')
    .description('create a named service token with a role and an expiry; prints the token once')
    .requiredOption('--name <name>', 'a name to recognise it by (unique among active tokens)')
    .requiredOption('--role <role>', 'user | manager | admin')
    .option('--days <days>', 'days until it expires (admin tokens: at most SERVICE_TOKEN_ADMIN_MAX_DAYS, default 30)')
    .action(async (opts: { name: string; role: string; days?: string }) => {
      const role = ROLES.find((r) => r === opts.role);
      if (!role) throw new Error(`--role must be user, manager or admin (got "${opts.role}")`);
      // Loaded here, not at start: other commands (`ppm worker` among them) must not carry the auth store and migrator.
      const { audit } = require('../../auth/audit') as typeof import('../../auth/audit');
      const { createServiceToken, maxServiceTokenDays } = require('../../auth/serviceTokens') as typeof import('../../auth/serviceTokens');
      const { migrateUp } = require('../../db/migrator') as typeof import('../../db/migrator');
      const { openDatabase } = require('../../runtime/database') as typeof import('../../runtime/database');
      const config = loadConfig();
      const maxDays = maxServiceTokenDays(role, config.SERVICE_TOKEN_ADMIN_MAX_DAYS);
      const days = Number(opts.days ?? Math.min(90, maxDays));
      if (!Number.isInteger(days) || days < 1 || days > maxDays) throw new Error(`--days must be a whole number from 1 to ${maxDays} for a ${opts.role} token`);
      configureLogger({ level: config.LOG_LEVEL, format: config.LOG_FORMAT });
      const sequelize = await openDatabase(config, requireSetting(config, 'DATABASE_URL', 'ppm token create'));
      try {
        await migrateUp(sequelize);
        const { record, token: secret } = await createServiceToken({
          name: opts.name,
          role,
          expiresAt: new Date(Date.now() + days * 86_400_000),
          createdBy: null,
        });
        await audit(undefined, 'service_token.create', `service_token:${record.id}`, { name: record.name, role: record.role, via: 'cli' });
        process.stderr.write(`service token #${record.id} "${record.name}" (${record.role}), expires ${record.expiresAt.toISOString()}. Shown once; store it now:\n`);
        process.stdout.write(`${secret}\n`);
      } finally {
        await sequelize.close();
      }
    });
};
