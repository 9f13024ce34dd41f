#!/usr/bin/env bash
# Start a local PostgreSQL server for hubflow's store tests and print the URL to use.
#
# Idempotent: installs Debian's `postgresql` package only when missing, creates and starts
# the cluster only when needed, creates the role and database only when absent.
# Runs as root (it switches to the `postgres` system user for server-side commands).
#
# Usage:
#   export HUBFLOW_TEST_PG_URL="$(scripts/start-postgres.sh)"
#   pytest tests/store -q
#
# Only the URL goes to stdout; progress goes to stderr.
# Environment overrides: PG_USER, PG_PASSWORD, PG_DB, PG_PORT (defaults hubflow, hubflow,
# hubflow_test, 5432).
set -euo pipefail

PG_USER="${PG_USER:-hubflow}"
PG_PASSWORD="${PG_PASSWORD:-hubflow}"
PG_DB="${PG_DB:-hubflow_test}"
PG_PORT="${PG_PORT:-5432}"

log() { printf 'start-postgres: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[[ "$(id -u)" -eq 0 ]] || die "must run as root (installs packages and starts the server)"
[[ "$PG_USER" =~ ^[a-z_][a-z0-9_]*$ ]] || die "PG_USER must be a plain lower-case identifier: $PG_USER"
[[ "$PG_DB" =~ ^[a-z_][a-z0-9_]*$ ]] || die "PG_DB must be a plain lower-case identifier: $PG_DB"
[[ "$PG_PASSWORD" != *"'"* ]] || die "PG_PASSWORD must not contain a single quote"

# 1. Install the server (Debian's meta package pulls the supported major version).
if ! command -v pg_lsclusters >/dev/null 2>&1 || [[ -z "$(ls /usr/lib/postgresql 2>/dev/null)" ]]; then
  log "installing postgresql with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >&2
  apt-get install -y -q postgresql >&2
fi

PG_VERSION="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
[[ -n "$PG_VERSION" ]] || die "no PostgreSQL server found under /usr/lib/postgresql after install"

# 2. Make sure a cluster exists for that version and runs on PG_PORT.
cluster_field() {  # cluster_field N: column N of `pg_lsclusters` for $PG_VERSION/main, or nothing
  pg_lsclusters -h | awk -v v="$PG_VERSION" -v n="$1" '$1 == v && $2 == "main" {print $n}'
}
if [[ -z "$(cluster_field 2)" ]]; then
  log "creating cluster $PG_VERSION/main on port $PG_PORT"
  pg_createcluster --port "$PG_PORT" "$PG_VERSION" main >&2
fi
CLUSTER_PORT="$(cluster_field 3)"
[[ "$CLUSTER_PORT" == "$PG_PORT" ]] \
  || die "cluster $PG_VERSION/main listens on port $CLUSTER_PORT, not $PG_PORT (set PG_PORT=$CLUSTER_PORT)"

if [[ "$(cluster_field 4)" != online* ]]; then
  log "starting cluster $PG_VERSION/main"
  pg_ctlcluster "$PG_VERSION" main start >&2 \
    || die "could not start the cluster; see /var/log/postgresql/postgresql-$PG_VERSION-main.log"
fi

# 3. Wait until it accepts connections (at most 30 s).
for _ in $(seq 1 30); do
  if pg_isready -q -h 127.0.0.1 -p "$PG_PORT"; then break; fi
  sleep 1
done
pg_isready -q -h 127.0.0.1 -p "$PG_PORT" || die "server on 127.0.0.1:$PG_PORT is not ready after 30 s"

# 4. Role and database (created once; the password is reset each run so the URL always works).
psql_admin() {  # psql_admin SQL: run SQL as the postgres superuser, print the result unaligned
  runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$PG_PORT" -d postgres -tA -c "$1"
}

if [[ "$(psql_admin "SELECT 1 FROM pg_roles WHERE rolname = '$PG_USER'")" != "1" ]]; then
  log "creating role $PG_USER"
  psql_admin "CREATE ROLE $PG_USER LOGIN PASSWORD '$PG_PASSWORD'" >&2
else
  psql_admin "ALTER ROLE $PG_USER LOGIN PASSWORD '$PG_PASSWORD'" >&2
fi
if [[ "$(psql_admin "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'")" != "1" ]]; then
  log "creating database $PG_DB owned by $PG_USER"
  psql_admin "CREATE DATABASE $PG_DB OWNER $PG_USER" >&2
fi

# 5. Prove the URL's credentials work over TCP before printing it.
PGPASSWORD="$PG_PASSWORD" psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" \
  -U "$PG_USER" -d "$PG_DB" -tA -c 'SELECT 1' >/dev/null \
  || die "cannot log in as $PG_USER to $PG_DB on 127.0.0.1:$PG_PORT with the password"

log "PostgreSQL $PG_VERSION ready on 127.0.0.1:$PG_PORT, database $PG_DB"
echo "postgresql+psycopg://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PORT/$PG_DB"
