#!/usr/bin/env bash
# Installs PostgreSQL from Debian's packages when it is missing, starts a throw-away server on
# 127.0.0.1 for the lethe-store / lethe-engine tests, creates the user and the database, and
# exports LETHE_TEST_PG_URL, LETHE_DB_USER and LETHE_DB_PASSWORD.
#
# Source it so the variables reach the build:   . .ci/postgres.sh
# Runs on Debian/Ubuntu as root, or through sudo otherwise; the server runs as the 'postgres' system
# user, with fsync off (test data only). Settings: LETHE_PG_PORT (default 55432), LETHE_PG_DIR (default /tmp/lethe-pg).
# Safe to run again: it reuses a running server and an existing user and database.

# shellcheck source=.ci/as-root.sh
. "$(dirname "${BASH_SOURCE[0]}")/as-root.sh"

lethe_pg_setup() {
  local port="${LETHE_PG_PORT:-55432}"
  local data="${LETHE_PG_DIR:-/tmp/lethe-pg}"
  if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
    as_root apt-get update || return 1
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql || return 1
  fi
  local bin
  bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  if ! as_postgres "'$bin/pg_isready' -q -h 127.0.0.1 -p $port"; then
    if [ ! -f "$data/PG_VERSION" ]; then
      as_root mkdir -p "$data" && as_root chown postgres:postgres "$data" || return 1
      as_postgres "'$bin/initdb' -D '$data' -U postgres -A trust -E UTF8 --no-locale" >/dev/null || return 1
    fi
    as_postgres "'$bin/pg_ctl' -D '$data' -l '$data/server.log' -w -o \"-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories='$data' -c fsync=off -c max_connections=200\" start" >/dev/null \
      || { cat "$data/server.log" >&2; return 1; }
  fi
  local psql="'$bin/psql' -h 127.0.0.1 -p $port -U postgres -v ON_ERROR_STOP=1 -qAt -c"
  if [ -z "$(as_postgres "$psql \"SELECT 1 FROM pg_roles WHERE rolname = 'lethe'\"")" ]; then
    as_postgres "$psql \"CREATE ROLE lethe LOGIN PASSWORD 'lethe'\"" || return 1
  fi
  if [ -z "$(as_postgres "$psql \"SELECT 1 FROM pg_database WHERE datname = 'lethe_test'\"")" ]; then
    as_postgres "$psql \"CREATE DATABASE lethe_test OWNER lethe\"" || return 1
  fi
  export LETHE_TEST_PG_URL="jdbc:postgresql://127.0.0.1:$port/lethe_test"
  export LETHE_DB_USER=lethe
  export LETHE_DB_PASSWORD=lethe
  echo "PostgreSQL ready: LETHE_TEST_PG_URL=$LETHE_TEST_PG_URL (user lethe)"
}

lethe_pg_setup || { echo "PostgreSQL setup failed" >&2; return 1 2>/dev/null || exit 1; }
