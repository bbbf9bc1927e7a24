#!/usr/bin/env bash
# Before `npm test`: the real-component tests start PowerDNS, Caddy, Chromium, sqlite3 and dig from the
# distribution (see system-deps.sh for why each). When some are missing and this user may install them (root, or
# sudo without a password), install them now and say so; otherwise stop at once with the one command to run.
set -euo pipefail
here="$(dirname "$0")"
# shellcheck source=scripts/system-deps.sh
. "$here/system-deps.sh"
mapfile -t missing < <(missing_system_packages)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] || sudo -n true 2>/dev/null; then
  echo "npm test: installing missing system packages (${missing[*]}) with scripts/install-system-deps.sh" >&2
  bash "$here/install-system-deps.sh" >/dev/null
  mapfile -t missing < <(missing_system_packages)
  [ ${#missing[@]} -eq 0 ] && exit 0
  echo "npm test: still missing after the install: ${missing[*]}" >&2
  exit 1
fi
echo "npm test needs these system packages: ${missing[*]}; install them with: sudo npm run setup:system" >&2
exit 1
