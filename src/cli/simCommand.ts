import type { Command } from 'commander';
import { untilSignal } from '../runtime/untilSignal';

/** `ppm sim <name>`: a sub-command of the shared `ppm sim` parent (made by whichever simulator registers first). */
export function simCommand(program: Command, name: string): Command {
  const parent = program.commands.find((c) => c.name() === 'sim') ?? program.command('sim').description('Run a protocol-faithful simulator of an external system');
  return parent.command(name);
}

/** Prints the running simulator's banner, serves until Ctrl+C (or SIGTERM), then stops it. */
export async function serveUntilSignal(banner: string[], sim: { stop(): Promise<void> }): Promise<void> {
  process.stdout.write(`${banner.join('\n')}\n`);
  await untilSignal();
  await sim.stop();
}
