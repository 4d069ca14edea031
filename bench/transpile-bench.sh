#!/usr/bin/env bash
# transpile-bench.sh - how fast ignition-transpiler turns a typical 100-line config (bench/typical-config.yaml)
# into Ignition JSON: configs per second in process (JMH), and the CLI's whole-process time (hyperfine).
# Neither ct nor Butane is packaged for Debian or downloadable here, so the process time is shown beside
# ignition-validate, a Go binary of the same family, reading the same config's output: a yardstick for
# what a native process costs on this machine, not a like-for-like comparison.
# Env: JMH_ARGS (default "-f 1 -wi 3 -w 3s -i 5 -r 3s"), RUNS (hyperfine runs, default 20).
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
cd "$REPO"
command -v hyperfine >/dev/null || { [ "$(id -u)" = 0 ] && apt-get install -y -qq hyperfine >/dev/null; }
mvn -B -q -pl ignition-transpiler -am install -DskipTests
mvn -B -q -pl ignition-transpiler test-compile
OUT=$(mktemp); CPFILE=$(mktemp); trap 'rm -f "$OUT" "$CPFILE"' EXIT
mvn -B -q -pl ignition-transpiler dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CPFILE"
CP="$REPO/ignition-transpiler/target/test-classes:$REPO/ignition-transpiler/target/classes:$(cat "$CPFILE")"
echo "=== JMH: configs per second in process ($(wc -l < bench/typical-config.yaml) lines)"
(cd ignition-transpiler && java -cp "$CP" org.openjdk.jmh.Main TranspileBenchmark ${JMH_ARGS:--f 1 -wi 3 -w 3s -i 5 -r 3s} \
  2>&1 | grep -E "^Benchmark +Mode|typicalConfig +thrpt")
java -jar ignition-transpiler/target/ignition-transpiler.jar bench/typical-config.yaml > "$OUT" 2>/dev/null
echo "=== whole process, ${RUNS:-20} runs"
hyperfine -N --warmup 3 --runs "${RUNS:-20}" --style basic \
  "java -jar ignition-transpiler/target/ignition-transpiler.jar bench/typical-config.yaml" \
  "java -XX:TieredStopAtLevel=1 -Xshare:auto -jar ignition-transpiler/target/ignition-transpiler.jar bench/typical-config.yaml" \
  "ignition-validate $OUT" 2>&1 | grep -E "Benchmark|Time|±" 
