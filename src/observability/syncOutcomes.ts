import { compensationsTotal, syncItemsTotal } from './metrics';

const ITEM_OUTCOME = { success: 'pushed', skipped: 'skipped', failed: 'failed' } as const;

/**
 * Counts one recorded sync outcome (a `sync_history` row): compensations in `ppm_compensations_total`, every
 * other action in `ppm_sync_items_total` (operation = create | update | delete | export | skip).
 */
export function countSyncOutcome(shopId: number | null, action: string, outcome: keyof typeof ITEM_OUTCOME): void {
  const shop = shopId === null ? 'none' : String(shopId);
  if (action === 'compensate') compensationsTotal.inc({ shop_id: shop, outcome: outcome === 'failed' ? 'failed' : 'ok' });
  else syncItemsTotal.inc({ shop_id: shop, operation: action, outcome: ITEM_OUTCOME[outcome] });
}
