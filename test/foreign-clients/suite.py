"""A tiny check runner shared by the foreign-client suites: each check prints one JSON line, the exit code says
whether all passed. Connection details and the expected answers (read from PostgreSQL by the jest test that starts
the simulator) come from the environment."""
import json
import os
import sys
import traceback

POLISH = "ąćęłńóśźż ĄĆĘŁŃÓŚŹŻ"

SERVER = dict(
    host=os.environ["TDS_HOST"],
    port=int(os.environ["TDS_PORT"]),
    database=os.environ["TDS_DATABASE"],
    user=os.environ["TDS_USER"],
    password=os.environ["TDS_PASSWORD"],
)
EXPECTED = json.loads(os.environ["TDS_EXPECTED"])

_failed = []


def check(fn):
    """Runs fn() now as a named check and records the outcome."""
    try:
        fn()
        print(json.dumps({"check": fn.__name__, "ok": True}), flush=True)
    except Exception as e:  # noqa: BLE001 - every failure is reported, none stops the suite
        _failed.append(fn.__name__)
        print(json.dumps({"check": fn.__name__, "ok": False, "error": f"{type(e).__name__}: {e}", "trace": traceback.format_exc()}), flush=True)
    return fn


def expect_equal(actual, expected, what=""):
    if actual != expected:
        raise AssertionError(f"{what}: expected {expected!r}, got {actual!r}")


def expect_error(run, number, what=""):
    """run() must raise a server error whose SQL Server error number is `number` (read by number_of)."""
    try:
        run()
    except Exception as e:  # noqa: BLE001
        got = number_of(e)
        if got != number:
            raise AssertionError(f"{what}: expected SQL Server error {number}, got {got} ({e!r})") from e
        return e
    raise AssertionError(f"{what}: expected SQL Server error {number}, but the statement succeeded")


def number_of(e):
    for attr in ("number", "msg_no"):
        if isinstance(getattr(e, attr, None), int):
            return getattr(e, attr)
    if e.args and isinstance(e.args[0], int):
        return e.args[0]
    return None


def fetch_rows(cursor, sql, params=None):
    """Runs sql on the client's DB-API cursor and returns its rows as tuples."""
    cursor.execute(sql, params)
    return [tuple(r) for r in cursor.fetchall()]


def check_reads_rows_of_a_plain_batch(rows):
    """The first check of every client: the catalogue's row count and first rows, read through `rows(sql)`."""
    def reads_rows_of_a_plain_batch():
        expect_equal(rows("SELECT COUNT(*) FROM tw__Towar"), [(EXPECTED["count"],)], "count")
        expect_equal(rows("SELECT TOP 5 tw_Id, tw_Symbol, tw_Nazwa FROM tw__Towar ORDER BY tw_Id"), [tuple(r) for r in EXPECTED["first5"]], "first rows")

    check(reads_rows_of_a_plain_batch)


def finish():
    if _failed:
        print(json.dumps({"summary": "failed", "failed": _failed}), flush=True)
        sys.exit(1)
    print(json.dumps({"summary": "passed"}), flush=True)
