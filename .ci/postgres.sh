#!/usr/bin/env bash
# Installs (if missing) and starts a throw-away PostgreSQL server on 127.0.0.1 for the
# lethe-store / lethe-engine tests, creates the user and database, and exports
# LETHE_TEST_PG_URL, LETHE_DB_USER and LETHE_DB_PASSWORD.
#
# Use it by sourcing, so the variables reach the build:   . .ci/postgres.sh
# (Run as root on Debian/Ubuntu; the server runs as the 'postgres' system user.)
# Settings: LETHE_PG_PORT (default 55432), LETHE_PG_DIR (default /tmp/lethe-pg).
set -e
LETHE_PG_PORT="${LETHE_PG_PORT:-55432}"
LETHE_PG_DIR="${LETHE_PG_DIR:-/tmp/lethe-pg}"

if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql
fi
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"

if ! su postgres -s /bin/sh -c "'$PG_BIN/pg_isready' -h 127.0.0.1 -p $LETHE_PG_PORT -q"; then
  if [ ! -f "$LETHE_PG_DIR/PG_VERSION" ]; then
    mkdir -p "$LETHE_PG_DIR"
    chown postgres:postgres "$LETHE_PG_DIR"
    su postgres -s /bin/sh -c "'$PG_BIN/initdb' -D '$LETHE_PG_DIR' -U postgres -A trust -E UTF8 --no-locale" >/dev/null
  fi
  su postgres -s /bin/sh -c "'$PG_BIN/pg_ctl' -D '$LETHE_PG_DIR' -l '$LETHE_PG_DIR/server.log' -w \
      -o \"-c listen_addresses=127.0.0.1 -p $LETHE_PG_PORT -c unix_socket_directories='$LETHE_PG_DIR' -c fsync=off -c max_connections=100\" start" >/dev/null
fi

psql_pg() { su postgres -s /bin/sh -c "'$PG_BIN/psql' -h 127.0.0.1 -p $LETHE_PG_PORT -U postgres -v ON_ERROR_STOP=1 -qAt -c \"$1\""; }
if [ -z "$(psql_pg "SELECT 1 FROM pg_roles WHERE rolname = 'lethe'")" ]; then
  psql_pg "CREATE ROLE lethe LOGIN PASSWORD 'lethe'"
fi
if [ -z "$(psql_pg "SELECT 1 FROM pg_database WHERE datname = 'lethe_test'")" ]; then
  psql_pg "CREATE DATABASE lethe_test OWNER lethe"
fi

export LETHE_TEST_PG_URL="jdbc:postgresql://127.0.0.1:$LETHE_PG_PORT/lethe_test"
export LETHE_DB_USER=lethe
export LETHE_DB_PASSWORD=lethe
echo "PostgreSQL ready: LETHE_TEST_PG_URL=$LETHE_TEST_PG_URL (user lethe)"
set +e
