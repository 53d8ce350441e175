#!/usr/bin/env bash
# Ledger benchmark (README, "Measure"): durable signed appends/s and verified entries/s beside raw
# SQLite inserts and Bouncy Castle Ed25519 sign/verify rates, in one run.
# Usage: bench/ledger.sh [entries (default 6000)] [concurrent callers (default 4)]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl bundles/api,bundles/testing install -DskipTests
./mvnw -B -q -pl bundles/ledger test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
exec java -cp "bundles/ledger/target/test-classes:bundles/ledger/target/classes:$(cat bundles/ledger/target/bench.cp)" \
  sovereign.ledger.LedgerBench "${1:-6000}" "${2:-4}"
