import { declaredParamNames } from '../tsql/paramDeclarations';
import { parseBatch } from '../tsql/parser';
import { SqlServerError } from '../tsql/SqlServerError';
import type { BoundParam } from '../tsql/translator';
import type { RpcParam, RpcRequest } from './paramDecoding';
import type { SessionState } from './SessionState';
import type { StatementRunner, StatementTarget } from './StatementRunner';
import { INT } from './sqlTypes';
import { DONE_STATUS, returnStatus, returnValue } from './tokens';

/** Well-known procedure ids a client may send instead of a name ([MS-TDS] 2.2.6.6 ProcID). */
const PROC_BY_ID: Record<number, string> = {
  1: 'sp_cursor',
  2: 'sp_cursoropen',
  3: 'sp_cursorprepare',
  4: 'sp_cursorexecute',
  5: 'sp_cursorprepexec',
  6: 'sp_cursorunprepare',
  7: 'sp_cursorfetch',
  8: 'sp_cursoroption',
  9: 'sp_cursorclose',
  10: 'sp_executesql',
  11: 'sp_prepare',
  12: 'sp_execute',
  13: 'sp_prepexec',
  14: 'sp_prepexecrpc',
  15: 'sp_unprepare',
};

export function procedureName(call: RpcRequest): string {
  if (call.procId !== null) return PROC_BY_ID[call.procId] ?? `procedure id ${call.procId}`;
  return (call.procName ?? '').toLowerCase().replace(/^\[?(master|mssqlsystemresource)?\]?\.?\[?(dbo|sys)\]?\./, '');
}

/** Binds the values after the statement/definition: by name when the driver names them, else by declared order. */
function bind(definition: string, values: RpcParam[]): Map<string, BoundParam> {
  const declared = declaredParamNames(definition);
  const params = new Map<string, BoundParam>();
  values.forEach((p, i) => {
    const name = p.name ? p.name.toLowerCase() : declared[i];
    if (name) params.set(name.startsWith('@') ? name : `@${name}`, { type: p.type, value: p.value });
  });
  return params;
}

function text(p: RpcParam | undefined): string {
  return p?.value === null || p?.value === undefined ? '' : String(p.value);
}

/**
 * The system procedures drivers call over RPC. Each call's answer ends with RETURNSTATUS, the RETURNVALUEs of its
 * OUTPUT parameters, and DONEPROC (status DONE_ERROR when it failed); result sets inside end with DONEINPROC.
 *
 * - sp_executesql(@stmt, @params, values…) — tedious, pytds, go-mssqldb, SqlClient.
 * - sp_prepare(@handle OUTPUT, @params, @stmt[, @options]), sp_execute(@handle, values…), sp_prepexec(@handle OUTPUT,
 *   @params, @stmt, values…), sp_unprepare(@handle) — jTDS/JDBC, ODBC prepared statements. The statement is parsed at
 *   prepare time, so syntax errors come from sp_prepare as on SQL Server. sp_prepare returns no metadata result
 *   (real servers send the result's COLMETADATA only for some options; drivers do not depend on it).
 * - Handles are per connection, as on SQL Server; an unknown one gives error 8179.
 */
export async function runProcedure(call: RpcRequest, session: SessionState, runner: StatementRunner, t: StatementTarget): Promise<void> {
  const name = procedureName(call);
  const p = call.params;
  const outputs: Array<{ ordinal: number; name: string; value: number }> = [];
  let ok = true;
  try {
    switch (name) {
      case 'sp_executesql':
        ok = await runner.run(parseBatch(text(p[0])), bind(text(p[1]), p.slice(2)), t);
        break;
      case 'sp_prepare': {
        const sql = text(p[2]);
        parseBatch(sql);
        const handle = session.prepare({ sql, declaredNames: declaredParamNames(text(p[1])) });
        outputs.push({ ordinal: 0, name: p[0]?.name ?? '', value: handle });
        break;
      }
      case 'sp_prepexec': {
        const sql = text(p[2]);
        const statements = parseBatch(sql);
        const handle = session.prepare({ sql, declaredNames: declaredParamNames(text(p[1])) });
        outputs.push({ ordinal: 0, name: p[0]?.name ?? '', value: handle });
        ok = await runner.run(statements, bind(text(p[1]), p.slice(3)), t);
        break;
      }
      case 'sp_execute': {
        const handle = Number(p[0]?.value);
        const prepared = session.prepared.get(handle);
        if (!prepared) throw new SqlServerError(8179, `Could not find prepared statement with handle ${p[0]?.value ?? 'NULL'}.`, 16, 4);
        const params = new Map<string, BoundParam>();
        p.slice(1).forEach((v, i) => {
          const n = v.name ? v.name.toLowerCase() : prepared.declaredNames[i];
          if (n) params.set(n.startsWith('@') ? n : `@${n}`, { type: v.type, value: v.value });
        });
        ok = await runner.run(parseBatch(prepared.sql), params, t);
        break;
      }
      case 'sp_unprepare':
        session.prepared.delete(Number(p[0]?.value));
        break;
      default:
        throw new SqlServerError(2812, `Could not find stored procedure '${call.procName ?? name}'.`, 16, 62);
    }
  } catch (e) {
    if (!(e instanceof SqlServerError)) throw e;
    runner.fail(e, t);
    ok = false;
  }
  if (t.req.cancelled || t.req.dropped) return;
  // SQL Server's return status for a procedure that raised an error is a negative number (-6 is what system
  // procedures commonly return); clients read only whether DONEPROC has DONE_ERROR.
  returnStatus(t.res.w, ok ? 0 : -6);
  for (const o of outputs) returnValue(t.res.w, o.ordinal, o.name, INT, o.value);
  t.res.done('DONEPROC', ok ? DONE_STATUS.FINAL : DONE_STATUS.ERROR);
}
