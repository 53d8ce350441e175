#!/usr/bin/env bash
# Policy benchmark: allow-path decisions per second (granted, audited), 1 thread and all cores.
# Usage: bench/policy.sh [seconds per measurement (default 5)]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl bundles/api,bundles/testing install -DskipTests
./mvnw -B -q -pl bundles/policy test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
exec java -cp "bundles/policy/target/test-classes:bundles/policy/target/classes:$(cat bundles/policy/target/bench.cp)" \
  sovereign.policy.PolicyBench "${1:-5}"
