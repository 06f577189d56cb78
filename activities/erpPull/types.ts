/** Inputs and results of the ERP pull activities: small, JSON-only payloads (ids, counters, an opaque cursor). */

export interface ErpPullBeginInput {
  sourceId: number;
  /** Set for a full pull (one that started without a cursor): earlier pulls' seen-lists are dropped. */
  pullId: string | null;
}

export interface ErpPullBeginResult {
  sourceId: number;
  name: string;
  kind: 'subiekt' | 'dynamics';
  owned: string[];
  /** Shops a follow-up sync of changed products goes to (source setting `syncShopIds`); null: every active shop. */
  syncShopIds: number[] | null;
}

export interface ErpPullPageInput {
  sourceId: number;
  cursor: string | null;
  pageSize: number;
  /** Full pulls record the page's external ids under this id (vanished products are found at the end). */
  pullId: string | null;
}

export interface ErpPullPageResult {
  nextCursor: string | null;
  fetched: number;
  inserted: number;
  updated: number;
  unchanged: number;
  deactivated: number;
  reactivated: number;
  conflicts: number;
  pictures: { downloaded: number; unchanged: number; removed: number; failed: number };
  /** Catalogue ids inserted or updated by this page (at most one page's worth). */
  changedIds: number[];
}

export interface ErpPullFinishInput {
  sourceId: number;
  pullId: string | null;
  /** Deactivate products the ERP no longer lists (only meaningful when the whole source was read). */
  deactivateVanished: boolean;
}

export interface ErpPullFinishResult {
  vanishedDeactivated: number;
  /** Their ids, capped (the count is exact). */
  vanishedIds: number[];
}
