#!/usr/bin/env bash
# Offline-kit timings: median/min/max seconds of N runs (default 3) of fixtures/kit/kit.sh.
#   warm    everything present: the cost every test run pays (default)
#   images  kit images removed from Docker, build caches kept: what a wiped Docker costs
#   cold    also the kit cache and Go's build cache wiped: a fresh machine (about half an hour per run here)
# Usage: bench/kit-bench.sh [warm|images|cold] [runs]
set -euo pipefail
mode=${1:-warm}
runs=${2:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/fixtures/kit/lib.sh"
kit_images() {
  echo "$NODE_IMAGE"
  [ -f "$KIT_CACHE/addon-images.txt" ] && sed 's|^|unshaken/kit/|' "$KIT_CACHE/addon-images.txt"
}
times=()
for i in $(seq 1 "$runs"); do
  case "$mode" in
    warm) ;;
    images) kit_images | xargs -r docker rmi -f >/dev/null 2>&1 || true ;;
    cold)
      kit_images | xargs -r docker rmi -f >/dev/null 2>&1 || true
      docker rmi -f "$BASE_IMAGE" >/dev/null 2>&1 || true
      rm -rf "$KIT_CACHE" "$KIT_CACHE/../debian-$DEBIAN_SUITE-rootfs.tar"
      go clean -cache ;;
    *) echo "unknown mode $mode (warm|images|cold)" >&2; exit 2 ;;
  esac
  start=$(date +%s.%N)
  bash "$root/fixtures/kit/kit.sh" >/tmp/unshaken-kit-bench.log 2>&1 || { cat /tmp/unshaken-kit-bench.log >&2; exit 1; }
  end=$(date +%s.%N)
  t=$(awk -v s="$start" -v e="$end" 'BEGIN{print e-s}')
  times+=("$t")
  printf 'run %d: %.1f s\n' "$i" "$t"
done
printf '%s\n' "${times[@]}" | sort -n | awk -v mode="$mode" '{a[NR]=$1} END {
  med = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2
  printf "kit %-6s runs=%d  median=%.1f s  min=%.1f s  max=%.1f s\n", mode, NR, med, a[1], a[NR] }'
