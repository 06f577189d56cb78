import { ByteReader } from './ByteReader';
import { parseAllHeaders, type RequestHeaders } from './paramDecoding';

/**
 * TRANSACTION_MANAGER request (packet type 0x0E, [MS-TDS] 2.2.6.9): how ODBC/OLE DB, tedious' beginTransaction and
 * pytds (autocommit off) open and end transactions instead of sending T-SQL.
 */
export type TransactionRequest =
  | { kind: 'begin'; isolationLevel: number; name: string }
  | { kind: 'commit' | 'rollback'; name: string; beginNew: { isolationLevel: number; name: string } | null }
  | { kind: 'save'; name: string }
  | { kind: 'distributed'; requestType: number };

export const TM = { GET_DTC_ADDRESS: 0, PROPAGATE_XACT: 1, BEGIN_XACT: 5, PROMOTE_XACT: 6, COMMIT_XACT: 7, ROLLBACK_XACT: 8, SAVE_XACT: 9 } as const;

/** Isolation level byte of TM_BEGIN_XACT (0 = keep the current one). */
export const ISOLATION_BY_CODE = ['', 'READ UNCOMMITTED', 'READ COMMITTED', 'REPEATABLE READ', 'SERIALIZABLE', 'SNAPSHOT'];

export function parseTransactionRequest(payload: Buffer): { headers: RequestHeaders; request: TransactionRequest } {
  const headers = parseAllHeaders(payload);
  const r = new ByteReader(payload);
  r.pos = headers.dataOffset;
  const requestType = r.u16();
  const rest = () => r.remaining > 0;
  switch (requestType) {
    case TM.BEGIN_XACT:
      return { headers, request: { kind: 'begin', isolationLevel: rest() ? r.u8() : 0, name: rest() ? r.bVarchar() : '' } };
    case TM.COMMIT_XACT:
    case TM.ROLLBACK_XACT: {
      const name = rest() ? r.bVarchar() : '';
      const flags = rest() ? r.u8() : 0;
      const beginNew = flags & 0x01 ? { isolationLevel: rest() ? r.u8() : 0, name: rest() ? r.bVarchar() : '' } : null;
      return { headers, request: { kind: requestType === TM.COMMIT_XACT ? 'commit' : 'rollback', name, beginNew } };
    }
    case TM.SAVE_XACT:
      return { headers, request: { kind: 'save', name: r.bVarchar() } };
    default:
      return { headers, request: { kind: 'distributed', requestType } };
  }
}
