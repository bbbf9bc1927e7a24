#!/usr/bin/env bash
# Installs the distribution packages the real-component tests start (PowerDNS with SQLite, Caddy, Chromium,
# PostgreSQL client/server, dig). Debian/Ubuntu only; needs root (or sudo). Skips what is already there.
set -euo pipefail
need=()
command -v pdns_server >/dev/null 2>&1 || need+=(pdns-server)
[ -e /usr/lib/x86_64-linux-gnu/pdns/libgsqlite3backend.so ] || ls /usr/lib/*/pdns/libgsqlite3backend.so >/dev/null 2>&1 || need+=(pdns-backend-sqlite3)
command -v caddy >/dev/null 2>&1 || need+=(caddy)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v dig >/dev/null 2>&1 || need+=(dnsutils)
command -v sqlite3 >/dev/null 2>&1 || need+=(sqlite3)
[ -x /usr/lib/postgresql/15/bin/postgres ] || ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "system packages: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# Package scripts may try to start services; tests start their own servers on free loopback ports.
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
