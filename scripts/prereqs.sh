#!/usr/bin/env bash
# Installs what AgentHub needs on a Debian machine when it is missing: the PostgreSQL server
# binaries (the embedded cluster runs them), npm (the build fetches the dashboard's supabase-js
# bundle with it) and, with --node (what the test suites need), the npm packages of the
# conformance suites and Chromium for the dashboard's browser test. The .NET SDK itself must
# already be there.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"

say() { echo "agenthub: $*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else say "need root to run: $*"; exit 1
  fi
}

if ! command -v dotnet >/dev/null 2>&1; then
  say "the .NET SDK (10.0) is required: https://learn.microsoft.com/dotnet/core/install/linux-debian"
  exit 1
fi

have_postgres() {
  [ -n "${AGENTHUB_PG_BIN:-}" ] && [ -x "$AGENTHUB_PG_BIN/initdb" ] && return 0
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null && return 0
  command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ] && return 0
  return 1
}

if ! have_postgres; then
  say "installing the PostgreSQL server (Debian package 'postgresql')"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-contrib >/dev/null
  # Debian starts a system-wide cluster on 5432; AgentHub runs its own, so that one is not needed.
  if command -v pg_lsclusters >/dev/null 2>&1; then
    pg_lsclusters -h 2>/dev/null | while read -r version name _; do as_root pg_ctlcluster "$version" "$name" stop 2>/dev/null || true; done
  fi
fi

if ! command -v npm >/dev/null 2>&1; then
  say "installing npm (Debian package 'npm'): the dashboard's build fetches supabase-js with it"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null
fi

if [ "${1:-}" = "--node" ]; then
  # The dashboard's browser test drives Debian's Chromium through Playwright (Playwright's own
  # browser download needs the internet, which CI does not have).
  if [ ! -x /usr/bin/chromium ]; then
    say "installing Chromium (Debian package 'chromium') for the dashboard's browser test"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
  for dir in "$root"/test/conformance/*/; do
    [ -f "$dir/package.json" ] || continue
    if ! command -v npm >/dev/null 2>&1; then say "npm is required for the conformance suites"; exit 1; fi
    if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules" ]; then
      say "installing npm packages in ${dir#$root/}"
      (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    fi
  done
fi
