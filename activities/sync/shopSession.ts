import { activityInfo, Context, heartbeat } from '@temporalio/activity';
import { CancelledFailure } from '@temporalio/common';
import { loadShopSettings } from '../../src/shopPush/catalogueSnapshot';
import { abortableSleeper } from '../../src/shopPush/itemRetry';
import { LaneGate } from '../../src/shopPush/laneGate';
import type { BatchLanes } from '../../src/shopPush/batchPipeline';
import type { ShopGatewayOpener } from '../../src/shopPush/shopGatewayOpener';
import { abortableSleep } from '../../src/shopPush/abortableSleep';
import { rateLimitedGateway, ShopLimiter } from '../../src/shopPush/shopLimiter';
import { ConnectorError } from '../../src/errors/ConnectorError';
import type { ActivityDeps } from '../deps';
import { currentActivityName, currentAttemptHolder } from './activityRun';

/**
 * A lease outlives its holder by at most this long (a crashed worker's lanes come back within it; a retried
 * attempt waits for them, see withShopSession).
 */
const LEASE_MS = 15_000;
const RENEW_EVERY_MS = 5_000;
/**
 * A session sends nothing once its leases were last confirmed longer ago than this (LEASE_MS minus room for a
 * request in flight): a retried attempt may start writing when they expire, and the two must never overlap.
 */
const SEND_WITHIN_MS = LEASE_MS - 5_000;
/** How often a session that wants more lanes asks for them again. */
const GROW_EVERY_MS = 100;

export interface ShopSession extends BatchLanes {
  /** Lanes (shop write leases) this session holds right now. */
  lanes: LaneGate;
}

/** This attempt can no longer prove it alone writes for its activity (its leases lapsed): it must stop. */
export class LeaseLostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LeaseLostError';
  }
}

/** Throws CancelledFailure when the workflow (or a worker shutdown) cancelled this activity. */
export function throwIfCancelled(): void {
  const signal = Context.current().cancellationSignal;
  if (signal.aborted) throw new CancelledFailure(String(signal.reason ?? 'activity cancelled'));
}

/**
 * Runs `fn` holding between one and `maxLanes` of the shop's write leases (the cross-worker concurrency cap) with a
 * gateway whose every call takes one of those lanes and waits for the shop's shared request-rate bucket. Waiting
 * for the first lease heartbeats, so a long queue behind a busy shop neither times out nor blocks cancellation;
 * further lanes are taken while `beat` is called, as other holders release them.
 */
export async function withShopSession<T>(
  deps: ActivityDeps & { shopGateways: ShopGatewayOpener },
  shopId: number,
  fn: (session: ShopSession) => Promise<T>,
  opts: { maxLanes?: number } = {},
): Promise<T> {
  const settings = await loadShopSettings(deps.sequelize, shopId);
  if (!settings) throw new ConnectorError({ system: 'prestashop', code: 'CONFIGURATION', message: `shop ${shopId} does not exist` });
  if (!settings.active) throw new ConnectorError({ system: 'prestashop', code: 'CONFIGURATION', message: `shop ${shopId} is not active (setting shops.active)` });
  const limiter = new ShopLimiter(deps.sequelize);
  const info = activityInfo();
  const holder = currentAttemptHolder();
  const signal = Context.current().cancellationSignal;
  const cap = Math.max(1, settings.maxConcurrency);
  let wanted = Math.max(1, Math.min(cap, opts.maxLanes ?? 1));
  const held: number[] = [];
  // Exactly once per shop: an earlier attempt of this activity that timed out (heartbeat lost under load, a paused
  // process) may still be sending creates; its items' outcomes are not recorded yet, so this attempt would create
  // them a second time. It is waited for until it releases its leases (it learns of its timeout at its next
  // heartbeat) or they expire (it died; it stops sending SEND_WITHIN_MS after its last renewal).
  let leasesConfirmedAt = 0;
  while (held.length === 0) {
    throwIfCancelled();
    const askedAt = Date.now();
    const slot = (await limiter.earlierAttemptHolds(shopId, currentActivityName(), holder)) ? null : await limiter.tryAcquireLease(shopId, cap, holder, LEASE_MS);
    if (slot !== null) {
      held.push(slot);
      leasesConfirmedAt = askedAt;
    } else {
      heartbeat(info.heartbeatDetails);
      await abortableSleep(100 + Math.floor(Math.random() * 150), signal);
    }
  }
  const lanes = new LaneGate(1);
  // One taker at a time: two concurrent takers of the same holder could both be handed the same free slot (a
  // holder may re-take its own slots), count it twice and send more requests than the shop has lanes.
  let growing: Promise<void> | null = null;
  /** Set when the session ends: a grow still under way (a beat's timer may start one) gives back what it takes. */
  let closed = false;
  const grow = () =>
    (growing ??= (async () => {
      while (held.length < wanted && !closed) {
        const slot = await limiter.tryAcquireLease(shopId, cap, holder, LEASE_MS, held);
        if (slot === null || held.includes(slot)) return;
        if (closed) {
          await limiter.releaseLease(shopId, slot, holder).catch(() => undefined);
          return;
        }
        held.push(slot);
        lanes.setCapacity(held.length);
      }
    })().finally(() => (growing = null)));
  let grewAt = Date.now();
  // Renewed on a timer of its own (not only when the caller beats), so that sending never stops for a slow caller.
  const renew = async () => {
    const at = Date.now();
    const slots = [...held];
    const renewed = await limiter.renewLeases(shopId, slots, holder, LEASE_MS).catch(() => null);
    if (renewed === null) return; // PostgreSQL away: the confirmation ages, sending stops SEND_WITHIN_MS after the last one
    // A slot given back meanwhile does not count; one still held but not renewed lapsed and may be another attempt's now.
    if (slots.some((s) => held.includes(s) && !renewed.includes(s))) leasesConfirmedAt = 0;
    else leasesConfirmedAt = Math.max(leasesConfirmedAt, at);
  };
  const beforeSend = () => {
    if (Date.now() - leasesConfirmedAt > SEND_WITHIN_MS) {
      throw new LeaseLostError(`shop ${shopId}: this attempt's write leases were last confirmed ${Date.now() - leasesConfirmedAt} ms ago; it stops so that a retry cannot write next to it`);
    }
  };
  // From here on every exit releases the leases and stops the renewer: a session whose gateway cannot be opened
  // (credentials refused, shop deleted) must not keep renewing its lanes for the rest of the worker's life.
  const renewer = setInterval(() => void renew(), RENEW_EVERY_MS);
  try {
    await grow();
    grewAt = Date.now();
    const gateway = rateLimitedGateway(await deps.shopGateways(shopId), { limiter, shopId, perSecond: settings.maxRequestsPerSecond, lanes, signal, sleep: abortableSleeper(signal), beforeSend });
    return await fn({
      gateway,
      settings,
      lanes,
      async beat(details) {
        heartbeat(details);
        const now = Date.now();
        if (held.length < wanted && now - grewAt > GROW_EVERY_MS) {
          grewAt = now;
          await grow();
        }
        throwIfCancelled();
      },
      async growTo(n) {
        wanted = Math.max(wanted, Math.min(cap, n));
        grewAt = Date.now();
        await grow();
      },
      async shrinkTo(n) {
        wanted = Math.max(1, Math.min(wanted, n));
        // A lease whose lane carries a request stays: giving it back would let another holder send next to it.
        while (held.length > Math.max(wanted, lanes.busy)) {
          const slot = held.pop()!;
          lanes.setCapacity(held.length);
          await limiter.releaseLease(shopId, slot, holder).catch(() => undefined);
        }
      },
    });
  } finally {
    closed = true;
    clearInterval(renewer);
    await (growing as Promise<void> | null)?.catch(() => undefined);
    for (const slot of held) await limiter.releaseLease(shopId, slot, holder).catch(() => undefined);
  }
}
