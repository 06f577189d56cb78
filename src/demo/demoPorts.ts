import net from 'node:net';
import { CliError } from '../cli/cliError';

export interface DemoPort {
  port: number;
  /** What listens there, e.g. "the API". */
  what: string;
  /** The environment variable that moves it. */
  env: string;
}

function isFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, host, () => srv.close(() => resolve(true)));
  });
}

/** Fails with one sentence naming the first taken port, what the demo wanted it for and how to move it. */
export async function assertPortsFree(ports: DemoPort[], host = '127.0.0.1'): Promise<void> {
  const seen = new Map<number, DemoPort>();
  for (const p of ports) {
    const twin = seen.get(p.port);
    if (twin) throw new CliError(`Port ${p.port} is given to both ${twin.what} (${twin.env}) and ${p.what} (${p.env}); give one of them another port.`);
    seen.set(p.port, p);
  }
  for (const p of ports) {
    if (!(await isFree(p.port, host))) {
      throw new CliError(`Port ${p.port} on ${host}, needed for ${p.what}, is taken (is another \`ppm start\` or demo running?); stop what uses it or set ${p.env} to a free port.`);
    }
  }
}
