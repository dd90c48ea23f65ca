#!/usr/bin/env bash
# Idempotent: install (if needed), start and prepare a local PostgreSQL for tests.
# Run as root on Debian 12 (bookworm). Safe to run repeatedly.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

PG_VERSION="${PG_VERSION:-15}"
PG_CLUSTER="${PG_CLUSTER:-main}"
PG_PORT="${PG_PORT:-5432}"
PG_USER="${PG_USER:-actorchat}"
PG_PASSWORD="${PG_PASSWORD:-actorchat}"
PG_DB="${PG_DB:-actorchat_test}"

# 1. install from Debian packages if missing
if [ ! -x "/usr/lib/postgresql/${PG_VERSION}/bin/postgres" ] || ! command -v pg_ctlcluster >/dev/null 2>&1; then
  apt-get update
  apt-get install -y --no-install-recommends "postgresql-${PG_VERSION}" postgresql-client-common postgresql-common
fi

# 2. make sure the cluster exists (the package normally creates "15 main")
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "${PG_VERSION} ${PG_CLUSTER}"; then
  pg_createcluster "${PG_VERSION}" "${PG_CLUSTER}" --port="${PG_PORT}"
fi

# 3. loopback TCP listener on the wanted port (pg_hba on Debian already has
#    "host all all 127.0.0.1/32 scram-sha-256", so password auth works)
#    Drop-in file in conf.d (Debian's postgresql.conf has include_dir = 'conf.d');
#    rewritten every run, so it is idempotent.
CONF_DIR="/etc/postgresql/${PG_VERSION}/${PG_CLUSTER}"
install -d -o postgres -g postgres "${CONF_DIR}/conf.d"
NEW_CONF="listen_addresses = '127.0.0.1'
port = ${PG_PORT}"
RESTART=0
if [ "$(cat "${CONF_DIR}/conf.d/90-actorchat.conf" 2>/dev/null)" != "${NEW_CONF}" ]; then
  printf '%s\n' "${NEW_CONF}" > "${CONF_DIR}/conf.d/90-actorchat.conf"
  chown postgres:postgres "${CONF_DIR}/conf.d/90-actorchat.conf"
  RESTART=1
fi

# 4. start (no systemd in containers: pg_ctlcluster works directly as root)
install -d -o postgres -g postgres -m 2775 /var/run/postgresql
if ! pg_ctlcluster "${PG_VERSION}" "${PG_CLUSTER}" status >/dev/null 2>&1; then
  pg_ctlcluster "${PG_VERSION}" "${PG_CLUSTER}" start
elif [ "${RESTART}" = 1 ]; then
  pg_ctlcluster "${PG_VERSION}" "${PG_CLUSTER}" restart
fi
for _ in $(seq 1 60); do
  pg_isready -q -h 127.0.0.1 -p "${PG_PORT}" && break
  sleep 0.5
done
pg_isready -h 127.0.0.1 -p "${PG_PORT}"

# 5. role + database (idempotent)
psql_su() { (cd /tmp && runuser -u postgres -- psql -p "${PG_PORT}" -v ON_ERROR_STOP=1 -qtA "$@"); }
if [ "$(psql_su -c "SELECT 1 FROM pg_roles WHERE rolname='${PG_USER}'")" != "1" ]; then
  psql_su -c "CREATE ROLE \"${PG_USER}\" LOGIN CREATEDB PASSWORD '${PG_PASSWORD}'"
else
  psql_su -c "ALTER ROLE \"${PG_USER}\" LOGIN CREATEDB PASSWORD '${PG_PASSWORD}'"
fi
if [ "$(psql_su -c "SELECT 1 FROM pg_database WHERE datname='${PG_DB}'")" != "1" ]; then
  psql_su -c "CREATE DATABASE \"${PG_DB}\" OWNER \"${PG_USER}\""
fi

# 6. verify with the app's credentials over TCP
PGPASSWORD="${PG_PASSWORD}" psql -h 127.0.0.1 -p "${PG_PORT}" -U "${PG_USER}" -d "${PG_DB}" -qtAc "select 'postgres ready: ' || version()"
