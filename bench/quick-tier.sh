#!/usr/bin/env bash
# The pull-request tier's wall time: runs `./mvnw -B verify -Punshaken-quick` RUNS times (default 3) with the kit,
# the images and the Maven repository warm, and prints each run's seconds and result, then the median, min and max.
# The tier's goal is 10 minutes on the 2-core machine. Logs go to bench/out/quick-<time>/run-N.log.
#   usage: bench/quick-tier.sh [RUNS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-3}
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "quick-tier: RUNS must be a positive whole number, got '$runs'" >&2; exit 2; }
export JAVA_HOME=${JAVA_HOME:-$(ls -d /usr/lib/jvm/temurin-2[1-9]* 2>/dev/null | sort -V | tail -1)}
out="$root/bench/out/quick-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
cd "$root"
times=()
failed=0
for i in $(seq 1 "$runs"); do
  start=$(date +%s)
  echo "[quick-tier] run $i/$runs started (log: $out/run-$i.log)" >&2
  result=passed
  ./mvnw -B verify -Punshaken-quick -pl suites -am -Dunshaken.hosttests.skip=true -Dunshaken.go.skip=true \
    > "$out/run-$i.log" 2>&1 || { result=failed; failed=$((failed + 1)); }
  seconds=$(( $(date +%s) - start ))
  times+=("$seconds")
  echo "[quick-tier] run $i/$runs: $seconds s, $result" >&2
done
printf '%s\n' "${times[@]}" | sort -n | awk -v runs="$runs" '
  { t[NR] = $1 }
  END { m = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
        printf "quick tier, %d runs: median %s s, min %s s, max %s s\n", runs, m, t[1], t[NR] }'
if [ "$failed" -gt 0 ]; then
  echo "quick tier: $failed of $runs runs failed; see their logs in $out" >&2
  exit 1
fi
