#!/usr/bin/env bash
# Makes sure a PostgreSQL server runs on 127.0.0.1:5432 with a test role and database, installing Debian's
# package when it is missing. Prints the DATABASE_URL to use. Safe to run again.
set -euo pipefail
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "Installing PostgreSQL (Debian package)…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi
version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | grep -q "^$version main"; then
  pg_createcluster "$version" main >&2
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $4}' | grep -q online; then
  pg_ctlcluster "$version" main start >&2
fi
for _ in $(seq 1 30); do
  su postgres -c "psql -qtAc 'SELECT 1'" >/dev/null 2>&1 && break
  sleep 1
done
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname = 'noiguong'\"" | grep -q 1 ||
  su postgres -c "psql -qc \"CREATE ROLE noiguong LOGIN PASSWORD 'noiguong'\"" >&2
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname = 'noiguong_test'\"" | grep -q 1 ||
  su postgres -c "createdb -O noiguong noiguong_test" >&2
echo "postgres://noiguong:noiguong@127.0.0.1:5432/noiguong_test"
