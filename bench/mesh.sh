#!/usr/bin/env bash
# Mesh benchmark (README, "Measure"; issue "dark mesh"): N real mesh nodes in one JVM over loopback
# (swarm-key gate, TLS 1.3, gossip) for each size: delivery ratio, propagation p50/p99 against
# 2 x hops x per-hop latency (per-hop measured under the same load, a lower bound; the idle first
# hop for information), msgs/s per node, connections per node, TLS handshake time.
# Exits non-zero if a target fails.
# Usage: bench/mesh.sh [sizes (default 10,50,100)] [messages per size (default 200)] [rate/s (default 10)]
# Builds the modules it needs in one reactor (no install); MAVEN_ARGS=-o runs Maven offline.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl bundles/api,bundles/testing,bundles/util,bundles/identity,bundles/ledger,bundles/mesh \
  test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
exec java -cp "bundles/mesh/target/test-classes:bundles/mesh/target/classes:$(cat bundles/mesh/target/bench.cp)" \
  sovereign.mesh.bench.MeshBench "${1:-10,50,100}" "${2:-200}" "${3:-10}"
