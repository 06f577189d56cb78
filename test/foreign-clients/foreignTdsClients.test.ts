import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';

/**
 * TDS clients that share no code with ours, against `ppm sim subiekt` started as a user would start it:
 * python-tds (pure-Python TDS) and pymssql (FreeTDS DB-Library). Each Python suite (test/foreign-clients/*_suite.py)
 * runs a query set — plain reads, Polish text parameters, typed parameters, transactions (T-SQL and TRANSACTION_MANAGER),
 * session SET options, errors with their SQL Server numbers and reuse of the connection after them — and compares the
 * answers with the simulator's data read straight from PostgreSQL.
 *
 * The clients live in a Python virtualenv that `.ci/run` creates (see README, "Tests"). Without it this suite fails
 * and says how to create it; it never skips.
 */
const ROOT = path.resolve(__dirname, '../..');
const VENV_PYTHON = path.join(ROOT, '.tools/foreign-clients-venv/bin/python');
const SUITES = path.join(ROOT, 'test/foreign-clients');

interface CheckLine {
  check?: string;
  ok?: boolean;
  error?: string;
  trace?: string;
  summary?: string;
}

function startCliSimulator(schema: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['bin/ppm.js', 'sim', 'subiekt', '--port', '0', '--products', '60', '--seed', '11', '--schema', schema, '--database-url', process.env.DATABASE_URL!], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`ppm sim subiekt did not start:\n${out}`)), 60_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /^\s*port\s+(\d+)/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]) });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`ppm sim subiekt exited with ${code}:\n${out}`));
    });
  });
}

function runSuite(script: string, env: Record<string, string>): Promise<{ code: number | null; lines: CheckLine[]; raw: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(VENV_PYTHON, [path.join(SUITES, script)], { cwd: SUITES, env: { ...process.env, ...env, PYTHONIOENCODING: 'utf-8' } });
    let raw = '';
    child.stdout.on('data', (d: Buffer) => (raw += d.toString()));
    child.stderr.on('data', (d: Buffer) => (raw += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const lines = raw
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as CheckLine);
      resolve({ code, lines, raw });
    });
  });
}

describe('foreign TDS clients against ppm sim subiekt', () => {
  const schema = `subiekt_sim_foreign_${process.pid}`;
  let sim: { child: ChildProcess; port: number } | undefined;
  let env: Record<string, string>;

  beforeAll(async () => {
    if (!existsSync(VENV_PYTHON)) return;
    sim = await startCliSimulator(schema);
    const pg = new Client({ connectionString: process.env.DATABASE_URL });
    await pg.connect();
    try {
      const t = `"${schema}"."tw__Towar"`;
      const count = await pg.query<{ n: number }>(`SELECT COUNT(*)::int AS n FROM ${t}`);
      const first5 = await pg.query({ text: `SELECT "tw_Id", "tw_Symbol", "tw_Nazwa" FROM ${t} ORDER BY "tw_Id" LIMIT 5`, rowMode: 'array' });
      const polish = await pg.query<{ id: number; symbol: string; name: string }>(
        `SELECT "tw_Id" AS id, "tw_Symbol" AS symbol, "tw_Nazwa" AS name FROM ${t} WHERE ("tw_Nazwa" COLLATE "C") ~ '[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]' ORDER BY "tw_Id" LIMIT 1`,
      );
      expect(polish.rows).toHaveLength(1);
      env = {
        TDS_HOST: '127.0.0.1',
        TDS_PORT: String(sim.port),
        TDS_DATABASE: 'SUBIEKT',
        TDS_USER: 'ppm_reader',
        TDS_PASSWORD: 'Subiekt!2024',
        TDS_EXPECTED: JSON.stringify({ count: count.rows[0].n, first5: first5.rows, polish: polish.rows[0] }),
      };
    } finally {
      await pg.end();
    }
  }, 90_000);

  afterAll(async () => {
    if (sim) {
      const exited = new Promise((resolve) => sim!.child.once('exit', resolve));
      sim.child.kill('SIGINT');
      await exited;
      const pg = new Client({ connectionString: process.env.DATABASE_URL });
      await pg.connect();
      await pg.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pg.end();
    }
  });

  it('has the foreign clients installed (the Python virtualenv of .ci/run)', () => {
    if (!existsSync(VENV_PYTHON)) {
      throw new Error(
        `The foreign TDS clients are not installed: ${VENV_PYTHON} is missing. Create the virtualenv as .ci/run does:\n` +
          '  python3 -m venv .tools/foreign-clients-venv && .tools/foreign-clients-venv/bin/pip install -r test/foreign-clients/requirements.txt',
      );
    }
  });

  const suites: Array<[string, string, string[]]> = [
    [
      'python-tds (pure-Python TDS)',
      'pytds_suite.py',
      [
        'reads_rows_of_a_plain_batch',
        'polish_nvarchar_parameter_then_next_statement_still_in_step',
        'unread_results_are_cancelled_and_the_connection_goes_on',
        'typed_parameters_round_trip',
        'transactions_through_the_transaction_manager',
        'errors_have_real_numbers_and_the_connection_stays_usable',
        'tsql_transaction_statements',
        'session_settings_are_accepted_and_honoured',
        'several_result_sets_in_one_batch',
        'named_rpc_call_of_sp_executesql',
      ],
    ],
    [
      'pymssql (FreeTDS DB-Library)',
      'pymssql_suite.py',
      [
        'reads_rows_of_a_plain_batch',
        'polish_text_parameters',
        'transactions_of_db_library',
        'errors_have_real_numbers_and_the_connection_stays_usable',
        'xact_abort_ends_the_transaction_on_error',
        'session_settings_and_several_result_sets',
        'rpc_through_freetds',
      ],
    ],
  ];

  it.each(suites)('%s passes its query set', async (_name, script, checks) => {
    if (!sim) throw new Error(`no simulator: the foreign clients are not installed (${VENV_PYTHON} is missing)`);
    const { code, lines, raw } = await runSuite(script, env);
    if (!lines.some((l) => l.check)) throw new Error(`${script} ran no checks (exit ${code}):\n${raw}`);
    const failures = lines.filter((l) => l.check && !l.ok).map((l) => `${l.check}: ${l.error}\n${l.trace ?? ''}`);
    expect(failures).toEqual([]);
    expect(lines.filter((l) => l.ok).map((l) => l.check)).toEqual(checks);
    if (code !== 0) throw new Error(`${script} exited with ${code}:\n${raw}`);
  }, 120_000);
});
