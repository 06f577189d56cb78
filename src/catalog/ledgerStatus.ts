/**
 * A product's sync state in a shop, read from the ledger (`sync_state`), the same way everywhere (product
 * detail, list filters, reports):
 * - `compensation_failed`: a saga could not undo a change in the shop (needs a person);
 * - `error`: the last push failed;
 * - `in_sync`: pushed after the product's last change; `outdated`: changed since the push;
 * - `never_pushed`: no push and no failure recorded.
 */
export const LEDGER_STATUSES = ['never_pushed', 'in_sync', 'outdated', 'error', 'compensation_failed'] as const;
export type LedgerStatus = (typeof LEDGER_STATUSES)[number];

/** The state of one ledger row (or none) for a product changed last at `updatedAt`. */
export function ledgerStatusOf(l: { compensationFailed: boolean; lastErrorCode: string | null; lastPushedAt: Date | null } | null, updatedAt: Date): LedgerStatus {
  if (!l) return 'never_pushed';
  if (l.compensationFailed) return 'compensation_failed';
  if (l.lastErrorCode) return 'error';
  if (l.lastPushedAt) return l.lastPushedAt >= updatedAt ? 'in_sync' : 'outdated';
  return 'never_pushed';
}

/**
 * SQL over a ledger row aliased `l` and a product aliased `p` that holds exactly when the row is in `status`;
 * `never_pushed` is the negation of "has a recorded push or failure" (see the list filter).
 */
export const LEDGER_STATUS_SQL: Record<Exclude<LedgerStatus, 'never_pushed'>, string> & { recorded: string } = {
  compensation_failed: 'l.compensation_failed',
  error: 'NOT l.compensation_failed AND l.last_error_code IS NOT NULL',
  in_sync: 'NOT l.compensation_failed AND l.last_error_code IS NULL AND l.last_pushed_at >= p.updated_at',
  outdated: 'NOT l.compensation_failed AND l.last_error_code IS NULL AND l.last_pushed_at < p.updated_at',
  recorded: '(l.compensation_failed OR l.last_error_code IS NOT NULL OR l.last_pushed_at IS NOT NULL)',
};
