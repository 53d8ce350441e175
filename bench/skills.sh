#!/usr/bin/env bash
# Skills benchmark (README, "Measure"): the sha256 skill's MB/s against the same algorithm in plain
# Java, instantiation of a precompiled skill, and host calls/s through the real policy check, in one
# run.
# Usage: bench/skills.sh [rounds (default 5)]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl bundles/api,bundles/util,bundles/testing,bundles/policy install -DskipTests
./mvnw -B -q -pl skills/sha256 -am install -DskipTests
./mvnw -B -q -pl bundles/skills test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
exec java -cp "bundles/skills/target/test-classes:bundles/skills/target/classes:$(cat bundles/skills/target/bench.cp)" \
  sovereign.skills.SkillsBench skills/sha256/target/classes/skill/sha256.wasm "${1:-5}"
