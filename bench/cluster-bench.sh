#!/usr/bin/env bash
# Times the cluster fixture: seconds to a Ready cluster for (a) one plain Testcontainers K3sContainer and
# (b) the 1 server + 2 agents K3sCluster, and (c) seconds to import a ~50 MB image into the 3 nodes.
# Prints a Markdown table of median/min/max over RUNS runs (default 3). Needs the k3s node image in the
# local Docker engine (fixtures/kit); builds the smoke-http images itself. Takes ~10-20 minutes.
#   usage: bench/cluster-bench.sh [RUNS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-3}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
# As in the poms: kubeconfigs name localhost; Ryuk and the start-up checks need images no registry gives
# us offline, and the fixture cleans up itself.
export TESTCONTAINERS_HOST_OVERRIDE=localhost TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_CHECKS_DISABLE=true
cd "$root"

echo "[bench] compiling fixtures" >&2
./mvnw -q -B -pl fixtures -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >&2
bash fixtures/smoke-http/build.sh --fat >&2

exec "$JAVA_HOME/bin/java" -Dunshaken.smokeHttp.dir="$root/fixtures/smoke-http" \
  -cp "fixtures/target/test-classes:fixtures/target/classes:$(cat fixtures/target/bench.classpath)" \
  dev.unshaken.fixtures.cluster.ClusterBench --runs "$runs"
