#!/usr/bin/env bash
# Run the suite on SQLite and on PostgreSQL (SEWAKA_TEST_DATABASE_URL), side by side: one core each, so the
# whole run takes about as long as the slower database (SEWAKA_TEST_SERIAL=1: one after the other).
# PostgreSQL unreachable: one line and SQLite only — except under CI=true, where that fails.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export SEWAKA_DEBUG=True  # development mode: plain http, no secure cookies (DEBUG is off by default)
PG_URL="${SEWAKA_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
ARTIFACTS="${SEWAKA_TEST_ARTIFACTS:-test-artifacts}"
.venv/bin/python manage.py compilemessages -v0 --ignore '.venv/*' >/dev/null 2>&1 || true

pg_ready() {
  $BIN/python - "$PG_URL" <<'PY' >/dev/null 2>&1
import sys, psycopg
psycopg.connect(sys.argv[1].replace("postgres://", "postgresql://", 1), connect_timeout=3).close()
PY
}
if ! pg_ready && command -v pg_ctlcluster >/dev/null; then
  for v in $(ls /etc/postgresql 2>/dev/null); do
    pg_ctlcluster --skip-systemctl-redirect "$v" main start >/dev/null 2>&1 || pg_ctlcluster "$v" main start >/dev/null 2>&1 || true
  done
  sleep 2
fi

sqlite_suite() {
  env -u DATABASE_URL SEWAKA_TEST_ARTIFACTS="$ARTIFACTS/sqlite" $BIN/pytest "$@"
}
postgres_suite() {
  DATABASE_URL="$PG_URL" SEWAKA_TEST_ARTIFACTS="$ARTIFACTS/postgres" $BIN/pytest "$@"
}

if pg_ready; then
  if [ "${SEWAKA_TEST_SERIAL:-}" = "1" ]; then
    echo "== Test suite on SQLite =="
    sqlite_suite "$@"
    sqlite_rc=$?
    echo "== Test suite on PostgreSQL =="
    postgres_suite "$@"
    pg_rc=$?
  else
    SQLITE_LOG="$(mktemp)"
    sqlite_suite "$@" >"$SQLITE_LOG" 2>&1 &
    sqlite_pid=$!
    echo "== Test suite on PostgreSQL (SQLite runs beside it; its output follows) =="
    postgres_suite "$@"
    pg_rc=$?
    wait "$sqlite_pid"
    sqlite_rc=$?
    echo "== Test suite on SQLite =="
    cat "$SQLITE_LOG"
    rm -f "$SQLITE_LOG"
  fi
else
  echo "== Test suite on SQLite =="
  sqlite_suite "$@"
  sqlite_rc=$?
  echo "PostgreSQL tidak dapat dihubungi di $PG_URL: hanya SQLite yang diuji."
  if [ "${CI:-}" = "true" ]; then pg_rc=1; else pg_rc=0; fi
fi
echo "SQLite: $([ $sqlite_rc -eq 0 ] && echo lulus || echo GAGAL) · PostgreSQL: $([ $pg_rc -eq 0 ] && echo lulus || echo GAGAL)"
[ $sqlite_rc -eq 0 ] && [ $pg_rc -eq 0 ]
