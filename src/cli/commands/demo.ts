import type { Command } from 'commander';
import type { RegisterCommand } from './registerCommand';

/** `ppm demo` (`npm run demo`): the whole product on simulators, registered and synced, until Ctrl-C. */
export const register: RegisterCommand = (program: Command) => {
  program
    .command('demo')
    .description('run everything on simulators: 2 PrestaShop shops + Subiekt GT, registered, pulled and synced with a live progress bar, until Ctrl-C')
    .action(async () => {
      // Loaded only when run: `ppm api` / `ppm worker` never load the simulators.
      const { runDemo } = require('../../demo/runDemo') as typeof import('../../demo/runDemo');
      await runDemo();
    });
};
