import type { ErpGroupResult } from '../../src/erpPull/erpGroupCategories';
/** Inputs and results of the ERP pull activities: small, JSON-only payloads (ids, counters, an opaque cursor). */

import type { ErpKind } from '../../src/connectors/erp/erpKind';
import type { ErpPageUpsertResult, ErpWriteCounts } from '../../src/erpPull/erpPageUpsert';
import type { ErpPullRanMode, ErpPullRequestedMode } from '../../workflows/erpPullIds';

export interface ErpPullBeginInput {
  sourceId: number;
  /**
   * The pull's id. null when the caller gave a start cursor (a resumed pull: neither full nor incremental).
   * When the pull turns out full, earlier pulls' seen-lists are dropped.
   */
  pullId: string | null;
  /** @default 'auto' */
  mode?: ErpPullRequestedMode;
}

export interface ErpPullBeginResult {
  sourceId: number;
  name: string;
  kind: ErpKind;
  owned: string[];
  /** Shops a follow-up sync of changed products goes to (source setting `syncShopIds`); null: every active shop. */
  syncShopIds: number[] | null;
  /** The mode this pull runs in ('resumed' when pullId was null). Absent in results of older workers: 'full'. */
  mode?: ErpPullRanMode;
  /** Where to start: the stored changes cursor for an incremental pull, else null. */
  startCursor?: string | null;
  /** Why this mode (for logs and the result). */
  modeReason?: string;
}

export interface ErpPullPageInput {
  sourceId: number;
  cursor: string | null;
  pageSize: number;
  /** Full pulls record the page's external ids under this id (vanished products are found at the end). */
  pullId: string | null;
  /** Pages this call may read and write (the next one is read while the current one is written). @default 1 */
  maxPages?: number;
  /** No further page is started after this long. @default 30000 */
  budgetMs?: number;
}

/** The outcome of one call's pages: the upserts' counters (changedIds capped) plus paging and pictures. */
export interface ErpPullPageResult extends ErpWriteCounts, Pick<ErpPageUpsertResult, 'changedIds'> {
  nextCursor: string | null;
  /** ERP pages read and written by this call (absent in results of older workers: 1). */
  pages?: number;
  /** The ERP handed back the cursor it was given: paging must stop here. */
  cursorStalled?: boolean;
  /** On the last page (nextCursor null): the ERP's cursor for the next incremental pull, when it has one. */
  changesCursor?: string | null;
  fetched: number;
  pictures: { downloaded: number; unchanged: number; removed: number; failed: number };
  /** ERP groups turned into categories and product assignments written (see src/erpPull/erpGroupCategories). */
  categories?: ErpGroupResult;
}

export interface ErpPullFinishInput {
  sourceId: number;
  pullId: string | null;
  /** Deactivate products the ERP no longer lists (only meaningful when the whole source was read). */
  deactivateVanished: boolean;
  /** The whole source was read: stamps the source's last full pull. @default deactivateVanished */
  fullScan?: boolean;
  /** Stored for the next incremental pull; null/absent clears the stored one (next pull is full). */
  changesCursor?: string | null;
}

export interface ErpPullFinishResult {
  vanishedDeactivated: number;
  /** Their ids, capped (the count is exact). */
  vanishedIds: number[];
}
