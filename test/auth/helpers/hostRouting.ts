/**
 * Test wiring: routes this process's outgoing `fetch` requests for chosen hosts (accounts.google.com,
 * login.microsoftonline.com, ...) to local simulators, by wrapping Node's global undici dispatcher. The code
 * under test (arctic, jose) keeps calling the real provider URLs, unchanged.
 */
import vm from 'node:vm';

const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');

type DispatchOptions = { origin?: string | URL; [k: string]: unknown };
type Dispatcher = { dispatch(opts: DispatchOptions, handler: unknown): boolean };

export interface HostRouting {
  /** host (e.g. `accounts.google.com`) → base URL (e.g. `http://127.0.0.1:4321`). */
  routes: Map<string, string>;
  restore(): void;
}

export function routeHosts(initial: Record<string, string> = {}): HostRouting {
  // Node's own global (jest runs tests in a separate context whose globalThis is not the one fetch reads).
  const g = vm.runInThisContext('globalThis') as Record<symbol, Dispatcher | undefined> & { fetch: unknown };
  void g.fetch; // makes Node load its bundled undici, which installs the global dispatcher
  const original = g[GLOBAL_DISPATCHER];
  if (!original) throw new Error('no global undici dispatcher to wrap');
  const routes = new Map(Object.entries(initial));
  const wrapped = new Proxy(original, {
    get(target, prop) {
      if (prop === 'dispatch') {
        return (opts: DispatchOptions, handler: unknown) => {
          const origin = opts.origin ? new URL(String(opts.origin)) : null;
          const to = origin ? routes.get(origin.host) : undefined;
          return target.dispatch(to ? { ...opts, origin: new URL(to).origin } : opts, handler);
        };
      }
      const v = Reflect.get(target, prop, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  g[GLOBAL_DISPATCHER] = wrapped;
  return { routes, restore: () => void (g[GLOBAL_DISPATCHER] = original) };
}
