# cluster.sh — sourced by the PostgreSQL tests: a throwaway cluster on a Unix socket in a
# temporary directory (no TCP), started by pg_start and removed by pg_stop.
#
#   . tests/pg/cluster.sh
#   pg_start || exit 0          # prints why and returns 1 when PostgreSQL is not installed
#   pg_psql -c 'SELECT 1'       # psql as the cluster's superuser, on its socket
#   pg_url TABLE                # postgresql:///postgres?host=SOCKETDIR&user=postgres&table=TABLE
#   pg_stop
#
# initdb refuses to run as root: as root the server runs as the `postgres` user (created by
# Debian's postgresql package), otherwise as the caller. PGBIN overrides the binaries'
# folder (default /usr/lib/postgresql/15/bin). The server reads no file of the caller: data
# is loaded through psql's standard input.
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
pg_dir=""

pg_as() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_start() {
  if [ ! -x "$PGBIN/initdb" ] || [ ! -x "$PGBIN/psql" ]; then
    echo "skipped: PostgreSQL tests (no $PGBIN/initdb; Debian: apt-get install postgresql)"
    return 1
  fi
  if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
    echo "skipped: PostgreSQL tests (running as root, and there is no 'postgres' user to run the server)"
    return 1
  fi
  pg_dir=$(mktemp -d /tmp/pvs-pg.XXXXXX)
  [ "$(id -u)" = 0 ] && chown postgres: "$pg_dir"
  chmod 755 "$pg_dir"
  if ! pg_as "$PGBIN/initdb" -D "$pg_dir/data" -U postgres -A trust --locale=C -E UTF8 >"$pg_dir/initdb.log" 2>&1; then
    echo "FAIL PostgreSQL: initdb failed:"; cat "$pg_dir/initdb.log"; return 2
  fi
  pg_as "$PGBIN/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -s \
    -o "-k $pg_dir -c listen_addresses= -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start ||
    { echo "FAIL PostgreSQL: the server did not start:"; cat "$pg_dir/server.log"; return 2; }
  export PGHOST="$pg_dir" PGUSER=postgres PGDATABASE=postgres
  unset PGPASSWORD PGSERVICE PGPORT
  return 0
}

pg_psql() { "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 "$@"; }

pg_url() { echo "postgresql:///postgres?host=$pg_dir&user=postgres&table=$1"; }

pg_stop() {
  [ -n "$pg_dir" ] || return 0
  pg_as "$PGBIN/pg_ctl" -D "$pg_dir/data" -m fast -s stop >/dev/null 2>&1
  rm -rf "$pg_dir"
  pg_dir=""
}
