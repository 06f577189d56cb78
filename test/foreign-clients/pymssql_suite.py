"""pymssql (FreeTDS DB-Library, bundled in the wheel) against the Subiekt GT simulator.
At connect DB-Library sends `SET ARITHABORT ON; … SET TEXTSIZE …`, cancels its answer with ATTENTION, sends
`use [db]` and, with autocommit off, `BEGIN TRANSACTION`; commit is `IF @@TRANCOUNT > 0 COMMIT BEGIN TRANSACTION`.
Parameters are quoted into SQL batches by pymssql; callproc() goes through FreeTDS' RPC (dbrpcinit/dbrpcparam)."""
import pymssql

from suite import EXPECTED, POLISH, SERVER, check, check_reads_rows_of_a_plain_batch, expect_equal, expect_error, fetch_rows, finish


def connect(autocommit):
    return pymssql.connect(server=SERVER["host"], port=str(SERVER["port"]), database=SERVER["database"], user=SERVER["user"],
                           password=SERVER["password"], autocommit=autocommit, login_timeout=10, timeout=30, charset="UTF-8")


conn = connect(autocommit=False)  # BEGIN TRANSACTION right after login
cur = conn.cursor()


def rows(sql, params=None):
    return fetch_rows(cur, sql, params)


check_reads_rows_of_a_plain_batch(rows)


@check
def polish_text_parameters():
    expect_equal(rows("SELECT %s AS echo, LEN(%s) AS n", (POLISH, POLISH)), [(POLISH, len(POLISH))], "echo")
    polish = EXPECTED["polish"]
    expect_equal(rows("SELECT tw_Symbol FROM tw__Towar WHERE tw_Nazwa = %s", (polish["name"],)), [(polish["symbol"],)], "where = polish")
    expect_equal(rows("SELECT tw_Symbol FROM tw__Towar WHERE tw_Nazwa LIKE %s AND tw_Id = %d", (polish["name"][:6] + "%", polish["id"])), [(polish["symbol"],)], "like polish")
    expect_equal(rows("SELECT COUNT(*) FROM tw__Towar"), [(EXPECTED["count"],)], "count after")


@check
def transactions_of_db_library():
    expect_equal(rows("SELECT @@TRANCOUNT"), [(1,)], "open after connect")
    conn.commit()  # IF @@TRANCOUNT > 0 COMMIT BEGIN TRANSACTION
    expect_equal(rows("SELECT @@TRANCOUNT"), [(1,)], "after commit")
    conn.rollback()  # IF @@TRANCOUNT > 0 ROLLBACK BEGIN TRANSACTION
    expect_equal(rows("SELECT @@TRANCOUNT"), [(1,)], "after rollback")
    cur.execute("BEGIN TRAN; SAVE TRAN punkt; ROLLBACK TRAN punkt")
    expect_equal(rows("SELECT @@TRANCOUNT"), [(2,)], "nested")
    cur.execute("COMMIT TRANSACTION")
    expect_equal(rows("SELECT @@TRANCOUNT"), [(1,)], "inner commit")


@check
def errors_have_real_numbers_and_the_connection_stays_usable():
    expect_error(lambda: rows("SELECT * FROM nie_ma_takiej_tabeli"), 208, "unknown table")
    expect_equal(rows("SELECT COUNT(*) FROM tw__Towar"), [(EXPECTED["count"],)], "after 208")
    expect_error(lambda: rows("SELECT tw_Brak FROM tw__Towar WHERE tw_Nazwa = %s", (POLISH,)), 207, "unknown column")
    expect_equal(rows("SELECT %s", (POLISH,)), [(POLISH,)], "after 207")
    expect_error(lambda: rows("SELECT 1/0"), 8134, "divide by zero")
    expect_error(lambda: rows("SELECT FROM WHERE"), 156, "syntax near keyword")
    expect_equal(rows("SELECT TOP 1 tw_Symbol FROM tw__Towar ORDER BY tw_Id"), [(EXPECTED["first5"][0][1],)], "after errors")


@check
def xact_abort_ends_the_transaction_on_error():
    cur.execute("SET XACT_ABORT ON")
    expect_equal(rows("SELECT @@TRANCOUNT"), [(1,)], "open")
    expect_error(lambda: rows("SELECT 1/0"), 8134, "error")
    expect_equal(rows("SELECT @@TRANCOUNT"), [(0,)], "rolled back")
    cur.execute("SET XACT_ABORT OFF; BEGIN TRANSACTION")


auto = connect(autocommit=True)
acur = auto.cursor()


@check
def session_settings_and_several_result_sets():
    acur.execute("SET NOCOUNT ON; SET LANGUAGE polski; SET DATEFORMAT dmy; SET LOCK_TIMEOUT 1000; SET ROWCOUNT 2")
    acur.execute("SELECT tw_Id FROM tw__Towar ORDER BY tw_Id")
    expect_equal([r[0] for r in acur.fetchall()], [r[0] for r in EXPECTED["first5"][:2]], "ROWCOUNT 2")
    acur.execute("SET ROWCOUNT 0; SET LANGUAGE us_english")
    acur.execute("SELECT @@LANGUAGE AS l; SELECT @@LOCK_TIMEOUT AS t")
    expect_equal([tuple(r) for r in acur.fetchall()], [("us_english",)], "first set")
    expect_equal(acur.nextset(), True, "second set")
    expect_equal([tuple(r) for r in acur.fetchall()], [(1000,)], "second set rows")
    expect_error(lambda: acur.execute("ROLLBACK TRANSACTION"), 3903, "rollback without transaction")
    acur.execute("SELECT 1")
    expect_equal(acur.fetchall(), [(1,)], "after error")


@check
def rpc_through_freetds():
    acur.callproc("sp_executesql", ("SELECT @x + N'!' AS v, LEN(@x) AS n", "@x nvarchar(40)", POLISH))
    expect_equal([tuple(r) for r in acur.fetchall()], [(POLISH + "!", len(POLISH))], "callproc sp_executesql")
    acur.execute("SELECT COUNT(*) FROM tw__Towar")
    expect_equal(acur.fetchall(), [(EXPECTED["count"],)], "after RPC")


auto.close()
conn.close()
finish()
