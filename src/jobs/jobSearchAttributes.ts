import type { SearchAttributePair } from '@temporalio/common';
import { SA_JOB_KIND, SA_JOB_PHASE, SA_OPERATION, SA_SHOP_IDS, SA_SOURCE, SA_USER_ID } from '../temporal/searchAttributes';

/** What a job started over the API is listed and filtered by (GET /jobs): its PPM search attributes at start. */
export interface JobStartAttributes {
  kind: string;
  operation: string;
  phase: 'queued' | 'running';
  userId: string;
  shopIds: readonly number[];
}

export function jobSearchAttributes(a: JobStartAttributes): SearchAttributePair[] {
  return [
    { key: SA_JOB_KIND, value: a.kind },
    { key: SA_OPERATION, value: a.operation },
    { key: SA_JOB_PHASE, value: a.phase },
    { key: SA_USER_ID, value: a.userId },
    { key: SA_SOURCE, value: 'api' },
    { key: SA_SHOP_IDS, value: a.shopIds.map(String) },
  ];
}
