#!/usr/bin/env bash
# Times a cold deploy of the reference stack to all-Ready on a warm 1+2 k3s cluster: median/min/max of
# RUNS runs (default 3). Needs the kit (fixtures/kit/kit.sh) and the stack images
# (fixtures/stack/build-images.sh). Takes ~10-15 minutes.
#   usage: bench/stack-deploy-bench.sh [RUNS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-3}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export TESTCONTAINERS_HOST_OVERRIDE=localhost TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_CHECKS_DISABLE=true
cd "$root"
./mvnw -q -B -pl fixtures -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >&2
bash fixtures/stack/build-images.sh >&2
exec "$JAVA_HOME/bin/java" -Dunshaken.stack.manifests="$root/fixtures/stack/manifests" \
  -cp "fixtures/target/test-classes:fixtures/target/classes:$(cat fixtures/target/bench.classpath)" \
  dev.unshaken.fixtures.stack.StackDeployBench "$runs"
