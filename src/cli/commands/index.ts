import type { Command } from 'commander';
import { register as doctor } from './doctor';
import { register as keys } from './keys';
import { register as simDynamics } from './simDynamics';
import { register as simPrestashop } from './simPrestashop';
import { register as simSubiekt } from './simSubiekt';
import { register as token } from './token';

/** A CLI command module: adds its sub-command(s) to the `ppm` program. */
export type RegisterCommand = (program: Command) => void;

/** Every command module, in the order `ppm --help` lists them. Add yours here (one import, one entry). */
export const COMMANDS: RegisterCommand[] = [
  simDynamics,
  simPrestashop,
  simSubiekt,
  token,
  keys,
  doctor,
];
