import { getEventListeners } from 'node:events';
import { abortableSleep } from '../../src/shopPush/abortableSleep';
import { abortableSleeper } from '../../src/shopPush/itemRetry';

/**
 * The worker's sleeps hang on the activity's long-lived cancellation signal (issue 14: "MaxListenersExceededWarning:
 * 11 abort listeners added to [AbortSignal]" repeated in the worker log during bulk jobs).
 */
describe('sleeps on a long-lived abort signal', () => {
  it('many items sleeping at once through one sleeper put one listener on the signal', async () => {
    const signal = new AbortController().signal;
    const sleep = abortableSleeper(signal);
    const sleeping = Array.from({ length: 50 }, (_, i) => sleep(5 + (i % 5)));
    expect(getEventListeners(signal, 'abort').length).toBeLessThanOrEqual(1);
    await Promise.all(sleeping);
    for (let i = 0; i < 50; i++) await sleep(1);
    expect(getEventListeners(signal, 'abort').length).toBeLessThanOrEqual(1);
  });

  it('a finished abortableSleep leaves no listener behind, and an abort ends every sleeper early', async () => {
    const ctl = new AbortController();
    for (let i = 0; i < 20; i++) await abortableSleep(1, ctl.signal);
    expect(getEventListeners(ctl.signal, 'abort')).toHaveLength(0);
    const started = Date.now();
    const sleep = abortableSleeper(ctl.signal);
    const long = [abortableSleep(60_000, ctl.signal), sleep(60_000), sleep(60_000)];
    setTimeout(() => ctl.abort(), 20);
    await Promise.all(long);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
