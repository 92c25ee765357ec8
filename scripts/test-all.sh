#!/usr/bin/env bash
# Run the suite on SQLite, then on PostgreSQL (SEWAKA_TEST_DATABASE_URL).
# PostgreSQL unreachable: one line and SQLite only — except under CI=true, where that fails.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export SEWAKA_DEBUG=True  # development mode: plain http, no secure cookies (DEBUG is off by default)
PG_URL="${SEWAKA_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
.venv/bin/python manage.py compilemessages -v0 --ignore '.venv/*' >/dev/null 2>&1 || true

echo "== Test suite on SQLite =="
env -u DATABASE_URL $BIN/pytest "$@"
sqlite_rc=$?

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
if pg_ready; then
  echo "== Test suite on PostgreSQL =="
  DATABASE_URL="$PG_URL" $BIN/pytest "$@"
  pg_rc=$?
else
  echo "PostgreSQL tidak dapat dihubungi di $PG_URL: hanya SQLite yang diuji."
  if [ "${CI:-}" = "true" ]; then pg_rc=1; else pg_rc=0; fi
fi
[ $sqlite_rc -eq 0 ] && [ $pg_rc -eq 0 ]
