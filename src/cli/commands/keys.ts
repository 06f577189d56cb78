import type { Command } from 'commander';
import { loadConfig } from '../../config/env';
import { SecretBox } from '../../crypto/secretBox';
import { configureLogger } from '../../logging/logger';
import { requireSetting } from '../../runtime/requireSetting';
import type { RegisterCommand } from './registerCommand';

/** `ppm keys rotate`: re-encrypts stored credentials with the first ENCRYPTION_KEY (keep old keys listed until done). */
export const register: RegisterCommand = (program: Command) => {
  const keys = program.command('keys').description('encryption keys of stored credentials (needs DATABASE_URL)');
  keys
    .command('rotate')
    .description('re-encrypt every shop API key and ERP credential sealed with an older key, using the first ENCRYPTION_KEY')
    .action(async () => {
      const config = loadConfig();
      configureLogger({ level: config.LOG_LEVEL, format: config.LOG_FORMAT });
      // Loaded only when run: the database layer is not for the client commands.
      const { openDatabase } = require('../../runtime/database') as typeof import('../../runtime/database');
      const { reencryptCredentials } = require('../keyRotation') as typeof import('../keyRotation');
      const sequelize = await openDatabase(config, requireSetting(config, 'DATABASE_URL', 'ppm keys rotate'));
      try {
        const box = new SecretBox(config.ENCRYPTION_KEY);
        const report = await reencryptCredentials(sequelize, box);
        console.log(`re-encrypted with key "${box.currentKeyId}": ${report.shops} shop API key(s), ${report.erpSources} ERP credential set(s)`);
      } finally {
        await sequelize.close();
      }
    });
};
