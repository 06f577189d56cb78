/**
 * With PPM_TEST_TIMER_ORIGINS=1: records where each timer a suite starts was created, so that the global teardown
 * can name the code behind a timer still pending after the run (`process.getActiveResourcesInfo()` only says
 * "Timeout"). Off by default (a stack per timer costs time). The registry hangs on the `node:timers` module object,
 * which every suite's module registry and the teardown share.
 */
import timers from 'node:timers';

type Timer = ReturnType<typeof setTimeout> & { _destroyed?: boolean };
interface Origin { timer: Timer; stack: string }
const shared = timers as unknown as { __ppmTimerOrigins?: Set<Origin> };
const origins = (shared.__ppmTimerOrigins ??= new Set<Origin>());

function tracked<F extends (...a: never[]) => Timer>(original: F): F {
  const wrapped = function (this: unknown, ...args: Parameters<F>): Timer {
    const timer = original.apply(this, args);
    origins.add({ timer, stack: new Error().stack ?? '' });
    if (origins.size > 5000) for (const o of origins) if (o.timer._destroyed) origins.delete(o);
    return timer;
  } as unknown as F;
  for (const key of Reflect.ownKeys(original)) {
    const d = Object.getOwnPropertyDescriptor(original, key);
    if (d && !(key in wrapped)) Object.defineProperty(wrapped, key, d);
  }
  return wrapped;
}

if (process.env.PPM_TEST_TIMER_ORIGINS === '1' && !(globalThis.setTimeout as { __ppmTracked?: boolean }).__ppmTracked) {
  globalThis.setTimeout = Object.assign(tracked(globalThis.setTimeout as never), { __ppmTracked: true }) as never;
  globalThis.setInterval = tracked(globalThis.setInterval as never) as never;
}

/** Creation stacks of timers that are still pending and would keep the process alive. */
export function pendingTimerOrigins(): string[] {
  const set = (timers as unknown as { __ppmTimerOrigins?: Set<Origin> }).__ppmTimerOrigins;
  if (!set) return [];
  const stacks = [...set]
    .filter((o) => !o.timer._destroyed && o.timer.hasRef())
    .map((o) => o.stack.split('\n').slice(2, 8).map((l) => l.trim()).join(' <- '));
  return [...new Set(stacks)];
}
