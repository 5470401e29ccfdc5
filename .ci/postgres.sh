#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the storage tests and exports LICENSEBOT_TEST_POSTGRES.
# Source it (". .ci/postgres.sh"); call stop_test_postgres when done. Installs Debian's postgresql when missing.
# Works as root (runs the server as the postgres user) and as a normal user.

start_test_postgres() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  if [ -z "$bin" ]; then
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  fi

  local run=()
  PG_TEST_DIR=$(mktemp -d -t licensebot-pg-XXXXXX)
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$PG_TEST_DIR"
    run=(runuser -u postgres --)
  fi
  PG_TEST_RUN=("${run[@]}")
  PG_TEST_BIN="$bin"

  "${run[@]}" "$bin/initdb" -D "$PG_TEST_DIR/data" -A trust -U licensebot --no-sync >/dev/null
  local port
  for _ in $(seq 1 20); do
    port=$((20000 + RANDOM % 40000))
    if "${run[@]}" "$bin/pg_ctl" -D "$PG_TEST_DIR/data" -l "$PG_TEST_DIR/server.log" -w -t 30 \
         -o "-p $port -k $PG_TEST_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null; then
      export LICENSEBOT_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=licensebot;Database=postgres;Pooling=true"
      echo "PostgreSQL for tests on 127.0.0.1:$port"
      return 0
    fi
  done
  echo "Could not start PostgreSQL for tests; see $PG_TEST_DIR/server.log" >&2
  return 1
}

stop_test_postgres() {
  if [ -n "${PG_TEST_DIR:-}" ] && [ -d "$PG_TEST_DIR/data" ]; then
    "${PG_TEST_RUN[@]}" "$PG_TEST_BIN/pg_ctl" -D "$PG_TEST_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_TEST_DIR"
  fi
}
