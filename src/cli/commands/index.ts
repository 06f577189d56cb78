import type { RegisterCommand } from './registerCommand';
import { register as demo } from './demo';
import { register as doctor } from './doctor';
import { register as jobs } from './jobs';
import { register as keys } from './keys';
import { register as pull } from './pull';
import { register as simDynamics } from './simDynamics';
import { register as simPrestashop } from './simPrestashop';
import { register as simSubiekt } from './simSubiekt';
import { register as sync } from './sync';
import { register as token } from './token';


/**
 * Every command module, in the order `ppm --help` lists them. Add yours here (one import, one entry).
 * Modules only declare their commands; what a command runs (simulators, say) is imported inside its action,
 * so `ppm api` and `ppm worker` load none of it.
 */
export const COMMANDS: RegisterCommand[] = [
  jobs,
  sync,
  pull,
  demo,
  simDynamics,
  simPrestashop,
  simSubiekt,
  token,
  keys,
  doctor,
];
