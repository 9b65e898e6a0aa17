#!/usr/bin/env bash
# Starts one AgentHub (embedded database in a temporary folder, free ports, the migrations in
# ./migrations), runs every tests/*.test.mjs (or the test files named as arguments, relative to this
# folder) with Node's test runner against it, then stops it.
# Expects the solution to be built in Release (scripts/test.sh does that first).
# Besides the URL and keys, it exports what lib/hub-process.mjs and lib/agents.mjs need to start
# hubs of their own and to mint agent tokens with the CLI: AGENTHUB_TEST_CLI (the agenthub.dll),
# AGENTHUB_TEST_DATA_DIR (this hub's data folder), AGENTHUB_TEST_WORK_DIR (a scratch folder removed
# afterwards) and AGENTHUB_TEST_MIGRATIONS_DIR.
set -uo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
cli="$root/src/AgentHub.Cli/bin/Release/net10.0/agenthub.dll"
[ -f "$cli" ] || dotnet build "$root/src/AgentHub.Cli/AgentHub.Cli.csproj" -c Release -nologo -v quiet >/dev/null
[ -d "$here/node_modules" ] || (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)

work="$(mktemp -d /tmp/agenthub-conformance-XXXXXX)"
free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
port="$(free_port)"; db_port="$(free_port)"
log="$work/hub.log"

cleanup() {
  if [ -n "${hub_pid:-}" ] && kill -0 "$hub_pid" 2>/dev/null; then
    kill -TERM "$hub_pid"; wait "$hub_pid" 2>/dev/null
  fi
  rm -rf "$work"
}
trap cleanup EXIT

(cd "$work" && exec env -u DATABASE_URL -u AGENTHUB_DB_URL AGENTHUB__Database__DurableWrites=false \
  dotnet "$cli" serve --port "$port" --db-port "$db_port" --data-dir "$work/data" --migrations-dir "$here/migrations") >"$log" 2>&1 &
hub_pid=$!

for _ in $(seq 1 300); do
  curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  kill -0 "$hub_pid" 2>/dev/null || { echo "hub exited:"; cat "$log"; exit 1; }
  sleep 0.2
done

keys="$(cd "$work" && dotnet "$cli" keys --json --data-dir "$work/data" --port "$port")"
export AGENTHUB_URL="http://127.0.0.1:$port"
export AGENTHUB_ANON_KEY="$(node -e 'console.log(JSON.parse(process.argv[1]).anonKey)' "$keys")"
export AGENTHUB_SERVICE_KEY="$(node -e 'console.log(JSON.parse(process.argv[1]).serviceRoleKey)' "$keys")"
export AGENTHUB_DB_URL="$(node -e 'console.log(JSON.parse(process.argv[1]).dbUrl)' "$keys")"
export AGENTHUB_JWT_SECRET="$(cat "$work/data/jwt-secret")"
export AGENTHUB_HUB_PID="$hub_pid" AGENTHUB_HUB_LOG="$log"
export AGENTHUB_TEST_CLI="$cli" AGENTHUB_TEST_DATA_DIR="$work/data" AGENTHUB_TEST_WORK_DIR="$work" AGENTHUB_TEST_MIGRATIONS_DIR="$here/migrations"

cd "$here"
shopt -s nullglob
if [ $# -gt 0 ]; then files=("$@"); else files=(tests/*.test.mjs); fi
if [ ${#files[@]} -eq 0 ]; then echo "# pass 0"; echo "# fail 0"; exit 0; fi
node --test --test-concurrency=1 --test-reporter=tap "${files[@]}"
rc=$?
[ $rc -ne 0 ] && { echo "--- hub log (tail)"; tail -40 "$log"; }
exit $rc
