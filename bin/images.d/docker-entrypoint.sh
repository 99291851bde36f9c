#!/usr/bin/env bash
# The entrypoint of the postgres images that bin/images builds, doing what the official
# image's does for the variables it documents: on a first start (empty $PGDATA) it runs initdb
# (without fsync: these are throwaway test servers) with superuser $POSTGRES_USER (default
# postgres) and $POSTGRES_PASSWORD, accepts
# scram-sha-256 logins from any address on every interface, creates $POSTGRES_DB (default: the
# user's name), then starts a local-only init server once and stops it, so that "database
# system is ready to accept connections" is logged twice, as Testcontainers waits for.
# /docker-entrypoint-initdb.d is not supported. Arguments starting with '-' go to postgres.
set -euo pipefail
if [[ ${1:-} == -* ]]; then set -- postgres "$@"; fi

if [[ ${1:-} == postgres && ! -s $PGDATA/PG_VERSION ]]; then
  : "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set , as with the official image}"
  user=${POSTGRES_USER:-postgres}
  db=${POSTGRES_DB:-$user}
  pwfile=$(mktemp)
  printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
  initdb -D "$PGDATA" --username="$user" --pwfile="$pwfile" --encoding=UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 --no-sync >/dev/null
  rm -f "$pwfile"
  printf "\nlisten_addresses = '*'\npassword_encryption = 'scram-sha-256'\n" >>"$PGDATA/postgresql.conf"
  printf 'host all all all scram-sha-256\n' >>"$PGDATA/pg_hba.conf"
  if [[ $db != postgres ]]; then
    # No client tools ship with these binaries: single-user mode runs the statement.
    q='"'
    printf 'CREATE DATABASE %s;\n' "$q${db//$q/$q$q}$q" \
      | postgres --single -D "$PGDATA" postgres >/dev/null
  fi
  pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start
  pg_ctl -D "$PGDATA" -m fast -w stop
  echo "docker-entrypoint: PostgreSQL init process complete; ready for start up."
fi
exec "$@"
