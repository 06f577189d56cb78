"""python-tds (module pytds, a pure-Python TDS 7.4 client) against the Subiekt GT simulator.
pytds opens transactions with TRANSACTION_MANAGER requests when autocommit is off, sends parameters through
RPC sp_executesql (nvarchar, PLP nvarchar(max), bigint, decimal, datetime2, bit, varbinary …) and cancels
unread results with ATTENTION."""
import datetime
import decimal

import pytds

from suite import EXPECTED, POLISH, SERVER, check, check_reads_rows_of_a_plain_batch, expect_equal, expect_error, fetch_rows, finish


def connect(autocommit):
    return pytds.connect(server=SERVER["host"], port=SERVER["port"], database=SERVER["database"], user=SERVER["user"],
                         password=SERVER["password"], autocommit=autocommit, login_timeout=10, timeout=30)


conn = connect(autocommit=False)  # opens a transaction at once (TM_BEGIN_XACT)
cur = conn.cursor()


def rows(sql, params=None):
    return fetch_rows(cur, sql, params)


check_reads_rows_of_a_plain_batch(rows)


@check
def polish_nvarchar_parameter_then_next_statement_still_in_step():
    expect_equal(rows("SELECT %s AS echo, LEN(%s) AS n", (POLISH, POLISH)), [(POLISH, len(POLISH))], "echo")
    # the statement after sp_executesql must see its own answer (the reported bug: no rows, stream out of step)
    expect_equal(rows("SELECT COUNT(*) FROM tw__Towar"), [(EXPECTED["count"],)], "count after sp_executesql")
    polish = EXPECTED["polish"]
    expect_equal(rows("SELECT tw_Symbol FROM tw__Towar WHERE tw_Nazwa = %s", (polish["name"],)), [(polish["symbol"],)], "where = polish")
    expect_equal(rows("SELECT tw_Symbol FROM tw__Towar WHERE tw_Nazwa LIKE %s AND tw_Id = %s", (polish["name"][:6] + "%", polish["id"])), [(polish["symbol"],)], "like polish")


@check
def unread_results_are_cancelled_and_the_connection_goes_on():
    cur.execute("SELECT tw_Id FROM tw__Towar ORDER BY tw_Id")
    expect_equal(cur.fetchone()[0], EXPECTED["first5"][0][0], "first row")
    # the rest is left unread: pytds sends ATTENTION before the next request
    expect_equal(rows("SELECT %s", ("dalej",)), [("dalej",)], "after cancel")


@check
def typed_parameters_round_trip():
    long_text = POLISH * 300  # > 4000 characters: nvarchar(max), sent as PLP
    got = rows("SELECT %s AS i, %s AS big, %s AS d, %s AS b, %s AS f, LEN(%s) AS n", (7, 2**40, decimal.Decimal("12.3456"), True, 1.5, long_text))
    expect_equal(got, [(7, 2**40, decimal.Decimal("12.3456"), True, 1.5, len(long_text))], "scalars")
    when = datetime.datetime(2024, 3, 5, 13, 45, 10)
    expect_equal(rows("SELECT %s AS w, CAST(%s AS date) AS d", (when, datetime.date(2024, 3, 5))), [(when, datetime.date(2024, 3, 5))], "datetime2, date")
    expect_equal(rows("SELECT DATALENGTH(%s)", (pytds.Binary(b"\x00\x01\x02\xff"),)), [(4,)], "varbinary")
    expect_equal(rows("SELECT COUNT(*) FROM tw__Towar WHERE tw_Id = %s OR tw_Id IS NULL", (None,)), [(0,)], "NULL literal")


@check
def transactions_through_the_transaction_manager():
    expect_equal(rows("SELECT @@TRANCOUNT"), [(1,)], "open after connect")
    conn.commit()  # TM_COMMIT_XACT, then a new transaction
    expect_equal(rows("SELECT @@TRANCOUNT"), [(1,)], "after commit")
    conn.rollback()
    expect_equal(rows("SELECT @@TRANCOUNT"), [(1,)], "after rollback")


@check
def errors_have_real_numbers_and_the_connection_stays_usable():
    expect_error(lambda: rows("SELECT * FROM nie_ma_takiej_tabeli"), 208, "unknown table")
    expect_equal(rows("SELECT COUNT(*) FROM tw__Towar"), [(EXPECTED["count"],)], "after 208")
    expect_error(lambda: rows("SELECT tw_Brak FROM tw__Towar WHERE tw_Nazwa = %s", (POLISH,)), 207, "unknown column via sp_executesql")
    expect_equal(rows("SELECT %s", (POLISH,)), [(POLISH,)], "after 207")
    expect_error(lambda: rows("SELEC 1"), 102, "syntax")
    expect_error(lambda: rows("SELECT 1/0"), 8134, "divide by zero")
    expect_error(lambda: rows("COMMIT; COMMIT"), 3902, "commit without transaction")
    expect_equal(rows("SELECT TOP 1 tw_Symbol FROM tw__Towar ORDER BY tw_Id"), [(EXPECTED["first5"][0][1],)], "after errors")


auto = connect(autocommit=True)
acur = auto.cursor()


def arows(sql, params=None):
    return fetch_rows(acur, sql, params)


@check
def tsql_transaction_statements():
    expect_equal(arows("SELECT @@TRANCOUNT"), [(0,)], "autocommit")
    acur.execute("BEGIN TRANSACTION")
    acur.execute("BEGIN TRAN inner_tran")
    expect_equal(arows("SELECT @@TRANCOUNT"), [(2,)], "nested")
    acur.execute("SAVE TRANSACTION sp1; ROLLBACK TRANSACTION sp1")
    acur.execute("COMMIT TRAN")
    expect_equal(arows("SELECT @@TRANCOUNT"), [(1,)], "inner commit")
    acur.execute("COMMIT WORK")
    expect_equal(arows("SELECT @@TRANCOUNT"), [(0,)], "outer commit")
    expect_error(lambda: acur.execute("ROLLBACK"), 3903, "rollback without transaction")
    acur.execute("IF @@TRANCOUNT > 0 ROLLBACK")
    expect_equal(arows("SELECT @@TRANCOUNT"), [(0,)], "after IF")


@check
def session_settings_are_accepted_and_honoured():
    acur.execute("SET ANSI_NULLS ON; SET ANSI_PADDING ON; SET ANSI_WARNINGS ON; SET ARITHABORT ON; SET CONCAT_NULL_YIELDS_NULL ON; "
                 "SET QUOTED_IDENTIFIER ON; SET TEXTSIZE 2147483647; SET XACT_ABORT ON; SET DATEFORMAT ymd; SET LOCK_TIMEOUT 5000; "
                 "SET TRANSACTION ISOLATION LEVEL READ COMMITTED; SET LANGUAGE polski")
    expect_equal(arows("SELECT @@LOCK_TIMEOUT, @@LANGUAGE"), [(5000, "polski")], "lock timeout, language")
    acur.execute("SET LANGUAGE us_english; SET NOCOUNT ON")
    expect_equal(arows("SELECT COUNT(*) FROM tw__Towar"), [(EXPECTED["count"],)], "rows with NOCOUNT")
    acur.execute("SET NOCOUNT OFF; SET IMPLICIT_TRANSACTIONS ON")
    arows("SELECT TOP 1 tw_Id FROM tw__Towar")
    expect_equal(arows("SELECT @@TRANCOUNT"), [(1,)], "implicit transaction")
    acur.execute("COMMIT; SET IMPLICIT_TRANSACTIONS OFF")
    expect_error(lambda: acur.execute("SET NO_SUCH_OPTION ON"), 195, "unknown option")
    expect_equal(arows("SELECT @@TRANCOUNT"), [(0,)], "after unknown option")


@check
def several_result_sets_in_one_batch():
    acur.execute("SELECT 1 AS a; SELECT N'ż' AS b, 2 AS c")
    expect_equal([tuple(r) for r in acur.fetchall()], [(1,)], "first set")
    expect_equal(acur.nextset(), True, "second set exists")
    expect_equal([tuple(r) for r in acur.fetchall()], [("ż", 2)], "second set")


@check
def named_rpc_call_of_sp_executesql():
    acur.callproc("sp_executesql", ("SELECT @x + N'!' AS v", "@x nvarchar(30)", POLISH))
    expect_equal([tuple(r) for r in acur.fetchall()], [(POLISH + "!",)], "callproc")
    expect_equal(acur.return_value, 0, "return status")


auto.close()
conn.close()
finish()
