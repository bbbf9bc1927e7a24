#!/usr/bin/env bash
# Before `npm test`: the real-component tests start PowerDNS, Caddy, Chromium and PostgreSQL binaries from the
# distribution. Say exactly what is missing and how to get it, instead of failing deep inside a test.
missing=()
command -v pdns_server >/dev/null 2>&1 || missing+=(pdns_server)
ls /usr/lib/*/pdns/libgsqlite3backend.so >/dev/null 2>&1 || missing+=(pdns-backend-sqlite3)
command -v caddy >/dev/null 2>&1 || missing+=(caddy)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  echo "npm test needs these system packages: ${missing[*]}" >&2
  echo "install them with: sudo bash scripts/install-system-deps.sh   (Debian/Ubuntu)" >&2
  exit 1
fi
