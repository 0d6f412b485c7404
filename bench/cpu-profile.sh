#!/usr/bin/env bash
# How busy the machine's cores are while a command runs: samples /proc/stat every INTERVAL seconds (default 5), writes
# one line per sample (UTC time, seconds since start, busy % of all cores, run-queue length) to OUT, and prints at the
# end how the busy share was spread. It answers "would running scenarios side by side help?": only the idle share of
# the cores can be given to a second scenario.
#   usage: bench/cpu-profile.sh OUT [INTERVAL] -- COMMAND [ARGS...]
# The command's own exit code is returned. Lines of OUT look like: 2026-12-02T06:40:05Z 120 87.5 3
set -euo pipefail
out=${1:?usage: bench/cpu-profile.sh OUT [INTERVAL] -- COMMAND [ARGS...]}
shift
interval=5
if [ "${1:-}" != "--" ]; then interval=$1; shift; fi
[ "${1:-}" = "--" ] || { echo "cpu-profile: expected -- before the command" >&2; exit 2; }
shift
[ $# -gt 0 ] || { echo "cpu-profile: no command given" >&2; exit 2; }

snapshot() { awk '/^cpu /{idle=$5+$6; total=0; for(i=2;i<=NF;i++) total+=$i; print total, idle}' /proc/stat; }

: > "$out"
start=$(date +%s)
(
  read -r t0 i0 < <(snapshot)
  while sleep "$interval"; do
    read -r t1 i1 < <(snapshot)
    busy=$(awk -v dt=$((t1 - t0)) -v di=$((i1 - i0)) 'BEGIN{ if (dt > 0) printf "%.1f", 100 * (dt - di) / dt; else print "0.0" }')
    running=$(awk '/^procs_running/{print $2}' /proc/stat)
    echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) $(( $(date +%s) - start )) $busy $running" >> "$out"
    t0=$t1 i0=$i1
  done
) &
sampler=$!
set +e
"$@"
code=$?
set -e
kill "$sampler" 2>/dev/null || true
wait "$sampler" 2>/dev/null || true
sort -n -k3,3 "$out" | awk '{ b[NR] = $3; s += $3; if ($3 >= 90) hi++; if ($3 < 50) lo++ } END {
  if (NR == 0) { print "[cpu-profile] no sample taken"; exit }
  printf "[cpu-profile] %d samples: busy median %.1f %%, mean %.1f %%; >= 90 %% busy in %.0f %% of them, < 50 %% in %.0f %%\n",
    NR, b[int((NR + 1) / 2)], s / NR, 100 * hi / NR, 100 * lo / NR
}' >&2
exit "$code"
