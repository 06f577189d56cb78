import type { Command } from 'commander';

/** A CLI command module: adds its sub-command(s) to the `ppm` program. */
export type RegisterCommand = (program: Command) => void;
