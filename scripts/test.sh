#!/usr/bin/env bash
# Runs every test suite: builds the solution once, runs each .NET test project (each starts its own
# real PostgreSQL through AgentHub's embedded-cluster code) and, where present, the Node conformance
# suites against a hub. Ends with one line "N passed, N failed, N skipped" and a non-zero exit on any
# failure. This is the README's test command and what .ci/run calls.
set -uo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

"$root/scripts/prereqs.sh" --node || exit 1

logs="$root/artifacts/test-logs"
rm -rf "$logs" && mkdir -p "$logs"
passed=0 failed=0 skipped=0 status=0
failures=()   # "suite: test" lines, repeated just before the summary so CI's tail shows them

echo "== build"
if ! dotnet build AgentHub.slnx -c Release -nologo -clp:ErrorsOnly -v quiet; then
  echo "0 passed, 1 failed"
  exit 1
fi

for project in test/*Tests/*.csproj; do
  name="$(basename "$project" .csproj)"
  echo "== $name"
  dotnet test "$project" -c Release --no-build --nologo 2>&1 | tee "$logs/$name.log" | grep -E '^\s*(Failed |Passed!|Failed!|\[xUnit.*\] .*FAIL)' || true
  rc=${PIPESTATUS[0]}
  summary="$(grep -E '(Passed|Failed)! +- +Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+' "$logs/$name.log" | tail -1)"
  if [ -z "$summary" ]; then
    echo "   $name produced no test summary (exit $rc); see $logs/$name.log"
    tail -20 "$logs/$name.log"
    failures+=("$name: no test summary (exit $rc)")
    failed=$((failed + 1)); status=1; continue
  fi
  f=$(sed -E 's/.*Failed: +([0-9]+).*/\1/' <<<"$summary")
  p=$(sed -E 's/.*Passed: +([0-9]+).*/\1/' <<<"$summary")
  s=$(sed -E 's/.*Skipped: +([0-9]+).*/\1/' <<<"$summary")
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
  [ "$rc" -ne 0 ] && status=1
  while IFS= read -r line; do failures+=("$name: $line"); done \
    < <(grep -E '^\s*Failed [A-Za-z_]' "$logs/$name.log" | sed -E 's/^\s*Failed //' | sort -u)
done

for suite in test/conformance/*/run.sh; do
  [ -f "$suite" ] || continue
  name="$(basename "$(dirname "$suite")")"
  echo "== conformance/$name"
  bash "$suite" 2>&1 | tee "$logs/conformance-$name.log"
  rc=${PIPESTATUS[0]}
  p=$(grep -E '^# pass [0-9]+' "$logs/conformance-$name.log" | tail -1 | awk '{print $3}')
  f=$(grep -E '^# fail [0-9]+' "$logs/conformance-$name.log" | tail -1 | awk '{print $3}')
  s=$(grep -E '^# skipped [0-9]+' "$logs/conformance-$name.log" | tail -1 | awk '{print $3}')
  if [ -z "$p" ]; then failed=$((failed + 1)); status=1; failures+=("conformance/$name: no TAP summary"); continue; fi
  passed=$((passed + p)); failed=$((failed + ${f:-0})); skipped=$((skipped + ${s:-0}))
  [ "$rc" -ne 0 ] && status=1
  while IFS= read -r line; do failures+=("conformance/$name: $line"); done \
    < <(grep -E '^not ok ' "$logs/conformance-$name.log" | sed -E 's/^not ok [0-9]+ - //')
done

[ "$failed" -gt 0 ] && status=1
if [ "${#failures[@]}" -gt 0 ]; then
  echo "== failed tests (full logs in $logs)"
  printf '   %s\n' "${failures[@]}"
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
