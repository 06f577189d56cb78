import { ConnectorError } from '../../errors/ConnectorError';
import type { ErrorCode } from '../../errors/errorCodes';
import { TABLE_BY_COLUMN_PREFIX } from './subiektQueries';

interface DriverError {
  name?: string;
  code?: string;
  number?: number;
  class?: number;
  message?: string;
  originalError?: DriverError;
}

const NETWORK_CODES = new Set(['ESOCKET', 'ECONNCLOSED', 'ENOTOPEN', 'ECONNRESET', 'ECONNREFUSED', 'EINSTLOOKUP', 'ENOTFOUND', 'EPIPE', 'ENOCONN', 'EHOSTUNREACH']);

function quoted(message: string): string | undefined {
  return /'([^']+)'/.exec(message)?.[1] ?? /"([^"]+)"/.exec(message)?.[1];
}

function tableOf(column: string): string | undefined {
  const prefix = column.split('.').pop()!.split('_')[0]?.toLowerCase();
  return prefix ? TABLE_BY_COLUMN_PREFIX[prefix] : undefined;
}

function make(code: ErrorCode, message: string, e: DriverError, extra: { field?: string } = {}): ConnectorError {
  return new ConnectorError({ system: 'subiekt', code, message, status: typeof e.number === 'number' ? e.number : undefined, remoteCode: e.number ?? e.code, remoteMessage: e.message, field: extra.field, cause: e });
}

/** Maps an mssql/tedious error to the one error type connectors throw. `what` says what we were doing. */
export function toConnectorError(err: unknown, what: string): ConnectorError {
  if (err instanceof ConnectorError) return err;
  const e = (err ?? {}) as DriverError;
  const msg = e.message ?? String(err);
  // mssql sometimes puts a socket error code (string) into `number`: only SQL Server error numbers count here.
  const rawNumber = e.number ?? e.originalError?.number;
  const number = typeof rawNumber === 'number' ? rawNumber : undefined;
  const codes = [e.code, e.originalError?.code, typeof rawNumber === 'string' ? rawNumber : undefined].filter((c): c is string => Boolean(c));
  const code = codes.find((c) => NETWORK_CODES.has(c)) ?? codes[0];

  if (number !== undefined) {
    switch (number) {
      case 18456:
        return make('AUTHENTICATION', `Subiekt GT: login failed while ${what}: ${msg}`, e);
      case 4060:
        return make('CONFIGURATION', `Subiekt GT: the database cannot be opened (check the "database" setting): ${msg}`, e, { field: 'database' });
      case 229:
      case 230:
      case 262:
      case 300:
        return make('PERMISSION', `Subiekt GT: the SQL login lacks a permission needed for ${what}: ${msg}`, e, { field: quoted(msg) });
      case 207:
      case 4104: {
        const column = quoted(msg);
        const table = column ? tableOf(column) : undefined;
        const where = column ? (table ? `column dbo.${table}.${column.split('.').pop()}` : `column ${column}`) : 'a column';
        return make('SCHEMA_MISMATCH', `Subiekt GT schema mismatch while ${what}: ${where} does not exist (${msg})`, e, { field: table && column ? `${table}.${column.split('.').pop()}` : column });
      }
      case 208: {
        const table = quoted(msg);
        return make('SCHEMA_MISMATCH', `Subiekt GT schema mismatch while ${what}: table ${table ?? '?'} does not exist (${msg})`, e, { field: table });
      }
      case 1205:
      case 1222:
        return make('DEADLOCK', `Subiekt GT: ${number === 1205 ? 'chosen as deadlock victim' : 'lock request timed out'} while ${what}; retry`, e);
      case -2:
        return make('TIMEOUT', `Subiekt GT: timed out while ${what}`, e);
      default:
        if ((e.class ?? 0) >= 20) return make('NETWORK', `Subiekt GT: fatal server error while ${what}: ${msg}`, e);
        if ((e.class ?? 0) >= 17) return make('REMOTE_UNAVAILABLE', `Subiekt GT: server resource error while ${what}: ${msg}`, e);
        return make('UNSUPPORTED', `Subiekt GT: the server rejected the statement for ${what} (error ${number}): ${msg}`, e);
    }
  }
  if (code === 'ELOGIN') {
    if (/Cannot open database/i.test(msg)) return make('CONFIGURATION', `Subiekt GT: the database cannot be opened (check the "database" setting): ${msg}`, e, { field: 'database' });
    return make('AUTHENTICATION', `Subiekt GT: login failed while ${what}: ${msg}`, e);
  }
  if (code === 'ETIMEOUT' || code === 'ECANCEL') return make('TIMEOUT', `Subiekt GT: no answer in time while ${what}: ${msg}`, e);
  if (code && NETWORK_CODES.has(code)) return make('NETWORK', `Subiekt GT: connection problem while ${what}: ${msg}`, e);
  if (code === 'EENCRYPT') return make('CONFIGURATION', `Subiekt GT: TLS settings do not match the server (encrypt/trustServerCertificate): ${msg}`, e, { field: 'encrypt' });
  if (code === 'EINVALIDSTATE' || code === 'ENOTBEGUN' || code === 'EALREADYCONNECTING') return make('NETWORK', `Subiekt GT: connection not usable while ${what}: ${msg}`, e);
  return make('PROTOCOL', `Subiekt GT: unexpected failure while ${what}: ${msg}`, e);
}
