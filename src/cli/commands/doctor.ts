import type { Command } from 'commander';
import { loadConfig } from '../../config/env';
import { configureLogger } from '../../logging/logger';

/** `ppm doctor`: checks everything PPM Sync depends on and prints what to fix; exit code 1 when something is down. */
export function register(program: Command): void {
  program
    .command('doctor')
    .description('check configuration, PostgreSQL, Temporal and a live connection to every shop and ERP source; exit 1 on problems')
    .action(async () => {
      const config = loadConfig();
      // Only warnings and worse from the libraries: the table is the output.
      configureLogger({ level: 'error', format: config.LOG_FORMAT });
      // Loaded here: the checks reach every connector, the Temporal client and the migrator, which other commands
      // (`ppm worker`, `ppm api`) must not carry for nothing.
      const { runDoctor } = require('../../doctor/runDoctor') as typeof import('../../doctor/runDoctor');
      const { renderDoctorTable } = require('../../doctor/doctorTable') as typeof import('../../doctor/doctorTable');
      const results = await runDoctor(config);
      process.stdout.write(`${renderDoctorTable(results)}\n`);
      if (results.some((r) => r.status === 'down')) process.exitCode = 1;
    });
}
