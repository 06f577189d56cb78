import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Custom search attributes of PPM Sync jobs (visibility filters in the API and the Temporal UI). Ids and
 * enums only: values are stored unencrypted, so never personal data (a user is an id, not an e-mail).
 * Keeps within the SQL-visibility limits (Keyword ≤ 10, KeywordList ≤ 3).
 *
 * Production (the dev server registers them itself at start, see devServerSearchAttributes):
 *   temporal operator search-attribute create --namespace <ns> --name PpmJobKind --type Keyword
 *   temporal operator search-attribute create --namespace <ns> --name PpmOperation --type Keyword
 *   temporal operator search-attribute create --namespace <ns> --name PpmJobPhase --type Keyword
 *   temporal operator search-attribute create --namespace <ns> --name PpmUserId --type Keyword
 *   temporal operator search-attribute create --namespace <ns> --name PpmSource --type Keyword
 *   temporal operator search-attribute create --namespace <ns> --name PpmShopIds --type KeywordList
 * (Temporal Cloud: `tcld namespace search-attributes add -n <ns> --sa "PpmJobKind=Keyword" ...`.)
 */
export const SA_JOB_KIND = defineSearchAttributeKey('PpmJobKind', SearchAttributeType.KEYWORD);
export const SA_OPERATION = defineSearchAttributeKey('PpmOperation', SearchAttributeType.KEYWORD);
export const SA_JOB_PHASE = defineSearchAttributeKey('PpmJobPhase', SearchAttributeType.KEYWORD);
export const SA_USER_ID = defineSearchAttributeKey('PpmUserId', SearchAttributeType.KEYWORD);
/** ERP source id of pulls (`erp:<id>`) or the origin of a job (`api`, `schedule`, `erp-pull`). */
export const SA_SOURCE = defineSearchAttributeKey('PpmSource', SearchAttributeType.KEYWORD);
export const SA_SHOP_IDS = defineSearchAttributeKey('PpmShopIds', SearchAttributeType.KEYWORD_LIST);

/** The same set in the form `temporal server start-dev --search-attribute` takes (startDevServer option). */
export const DEV_SERVER_SEARCH_ATTRIBUTES = {
  PpmJobKind: 'Keyword',
  PpmOperation: 'Keyword',
  PpmJobPhase: 'Keyword',
  PpmUserId: 'Keyword',
  PpmSource: 'Keyword',
  PpmShopIds: 'KeywordList',
} as const;
