/**
 * The `SET` session options SQL Server accepts, by the kind of value each takes (T-SQL reference, "SET statements").
 * Drivers and tools send many of them unprompted right after login (tedious' initial SQL, FreeTDS/DB-Library's
 * `SET ARITHABORT ON; … SET TEXTSIZE …`, ODBC's `SET ANSI_DEFAULTS`). The simulator honours those that change what a
 * client sees (see `SessionOptions`); the others are remembered and otherwise have no effect on a read-only SELECT engine.
 */
export type SetValueKind = 'onoff' | 'int' | 'name' | 'isolation';

export const SET_OPTIONS: ReadonlyMap<string, SetValueKind> = new Map<string, SetValueKind>([
  ...(
    'ANSI_DEFAULTS ANSI_NULL_DFLT_OFF ANSI_NULL_DFLT_ON ANSI_NULLS ANSI_PADDING ANSI_WARNINGS ARITHABORT ARITHIGNORE ' +
    'CONCAT_NULL_YIELDS_NULL CURSOR_CLOSE_ON_COMMIT FMTONLY FORCEPLAN IMPLICIT_TRANSACTIONS NOCOUNT NUMERIC_ROUNDABORT ' +
    'QUOTED_IDENTIFIER REMOTE_PROC_TRANSACTIONS XACT_ABORT NO_BROWSETABLE'
  )
    .split(' ')
    .map((n) => [n, 'onoff'] as [string, SetValueKind]),
  ...'TEXTSIZE ROWCOUNT LOCK_TIMEOUT DATEFIRST QUERY_GOVERNOR_COST_LIMIT'.split(' ').map((n) => [n, 'int'] as [string, SetValueKind]),
  ...'LANGUAGE DATEFORMAT DEADLOCK_PRIORITY'.split(' ').map((n) => [n, 'name'] as [string, SetValueKind]),
  ['TRANSACTION ISOLATION LEVEL', 'isolation'],
]);

/**
 * Options SQL Server knows but the simulator cannot honour: they change what statements do (plans instead of rows,
 * parse without executing), so accepting them silently would give wrong answers. They are refused.
 */
export const REFUSED_SET_OPTIONS = new Set(['SHOWPLAN_ALL', 'SHOWPLAN_TEXT', 'SHOWPLAN_XML', 'STATISTICS', 'NOEXEC', 'PARSEONLY', 'IDENTITY_INSERT', 'CONTEXT_INFO', 'OFFSETS']);

export const ISOLATION_LEVELS = ['READ UNCOMMITTED', 'READ COMMITTED', 'REPEATABLE READ', 'SNAPSHOT', 'SERIALIZABLE'];

/** Languages the simulator lets `SET LANGUAGE` switch to (name as SQL Server reports it in ENVCHANGE and @@LANGUAGE). */
export const LANGUAGES: Record<string, string> = {
  us_english: 'us_english',
  english: 'us_english',
  polski: 'polski',
  polish: 'polski',
  deutsch: 'Deutsch',
  german: 'Deutsch',
  british: 'British',
};
