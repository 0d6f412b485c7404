#!/usr/bin/env bash
# Verdict accuracy: runs the scenario ITs RUNS times (default 3) and prints, per verdict, how often it passed
# the reference stack (expected: every time) and how often it rejected its broken twin (expected: every time).
# Each run is one `./mvnw verify` of the scenario ITs on a fresh cluster (~40 min each on the 2-core machine).
#   usage: bench/accuracy.sh [RUNS] [IT pattern, default: the scenario ITs]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-3}
pattern=${2:-'dev.unshaken.suites.scenarios.*IT'}
export JAVA_HOME=${JAVA_HOME:-$(ls -d /usr/lib/jvm/temurin-2[1-9]* 2>/dev/null | sort -V | tail -1)}
out="$root/bench/out/accuracy-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
cd "$root"
for i in $(seq 1 "$runs"); do
  start=$(date +%s)
  echo "[accuracy] run $i/$runs started (log: $out/run-$i.log)" >&2
  ./mvnw -B verify -pl suites -am -Dunshaken.hosttests.skip=true -Dunshaken.go.skip=true \
    -Dit.test="$pattern" -Dfailsafe.failIfNoSpecifiedTests=false -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
    > "$out/run-$i.log" 2>&1 || true
  mkdir -p "$out/run-$i" && cp suites/target/failsafe-reports/TEST-*.xml "$out/run-$i/" 2>/dev/null || true
  echo "[accuracy] run $i/$runs done in $(( $(date +%s) - start )) s" >&2
done
exec python3 "$root/bench/accuracy-table.py" "$out"
