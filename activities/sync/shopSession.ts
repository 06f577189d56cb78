import { activityInfo, Context, heartbeat } from '@temporalio/activity';
import { CancelledFailure } from '@temporalio/common';
import { loadShopSettings, type ShopSettings } from '../../src/sync/catalogueSnapshot';
import type { ShopGateway } from '../../src/sync/shopGateway';
import type { ShopGatewayOpener } from '../../src/sync/shopGatewayOpener';
import { limiterSleep, rateLimitedGateway, ShopLimiter } from '../../src/sync/shopLimiter';
import { ConnectorError } from '../../src/errors/ConnectorError';
import type { ActivityDeps } from '../deps';
import { currentAttemptName } from './activityRun';

const LEASE_MS = 60_000;
const RENEW_EVERY_MS = 15_000;

export interface ShopSession {
  gateway: ShopGateway;
  settings: ShopSettings;
  /** Heartbeats `details` and renews the shop lease now and then; throws when the activity is cancelled. */
  beat(details?: unknown): Promise<void>;
}

/** Throws CancelledFailure when the workflow (or a worker shutdown) cancelled this activity. */
export function throwIfCancelled(): void {
  const signal = Context.current().cancellationSignal;
  if (signal.aborted) throw new CancelledFailure(String(signal.reason ?? 'activity cancelled'));
}

/**
 * Runs `fn` holding one of the shop's write leases (cross-worker concurrency cap) with a gateway whose every
 * call waits for the shop's shared request-rate bucket. Waiting for a lease heartbeats, so a long queue
 * behind a busy shop neither times out nor blocks cancellation.
 */
export async function withShopSession<T>(
  deps: ActivityDeps & { shopGateways: ShopGatewayOpener },
  shopId: number,
  fn: (session: ShopSession) => Promise<T>,
): Promise<T> {
  const settings = await loadShopSettings(deps.sequelize, shopId);
  if (!settings) throw new ConnectorError({ system: 'prestashop', code: 'CONFIGURATION', message: `shop ${shopId} does not exist` });
  if (!settings.active) throw new ConnectorError({ system: 'prestashop', code: 'CONFIGURATION', message: `shop ${shopId} is not active (setting shops.active)` });
  const limiter = new ShopLimiter(deps.sequelize);
  const info = activityInfo();
  const holder = currentAttemptName();
  const signal = Context.current().cancellationSignal;
  let slot: number | null = null;
  while (slot === null) {
    throwIfCancelled();
    slot = await limiter.tryAcquireLease(shopId, settings.maxConcurrency, holder, LEASE_MS);
    if (slot === null) {
      heartbeat(info.heartbeatDetails);
      await limiterSleep(250 + Math.floor(Math.random() * 250), signal);
    }
  }
  let renewedAt = Date.now();
  const held = slot;
  const gateway = rateLimitedGateway(await deps.shopGateways(shopId), limiter, shopId, settings.maxRequestsPerSecond, signal);
  try {
    return await fn({
      gateway,
      settings,
      async beat(details) {
        heartbeat(details);
        if (Date.now() - renewedAt > RENEW_EVERY_MS) {
          renewedAt = Date.now();
          await limiter.renewLease(shopId, held, holder, LEASE_MS);
        }
        throwIfCancelled();
      },
    });
  } finally {
    await limiter.releaseLease(shopId, held, holder).catch(() => undefined);
  }
}
