#!/usr/bin/env bash
# Runs askdb's benchmark and writes bench/out/report.md.
#
#   bench/run.sh                      # the full benchmark, SQLite and PostgreSQL, about 15 minutes
#   BENCH_QUICK=1 bench/run.sh        # a smoke run: SQLite only, 1 x 1 s per figure, 10 s sustained load
#
# Builds the server jar when it is missing or older than the sources, then runs the AskdbBenchmark
# JUnit class (not part of the normal suite, which runs *Tests only) from the test classpath. The
# benchmark starts the jar as its own process, so resident memory and threads are the server's.
# Everything runs offline on loopback; the language model is a local fake that answers at once.
# Knobs (all optional): BENCH_SECONDS, BENCH_REPETITIONS, BENCH_LOAD_SECONDS, BENCH_STORES,
# BENCH_JVM_OPTIONS.
set -euo pipefail
cd "$(dirname "$0")/.."

jar=target/askdb-0.1.0-SNAPSHOT.jar
if [[ ! -f "$jar" ]] || [[ -n "$(find src/main pom.xml -newer "$jar" -type f -print -quit)" ]]; then
	echo "Building $jar"
	./mvnw -B -q -DskipTests package
fi

if [[ -n "${BENCH_QUICK:-}" ]]; then
	: "${BENCH_SECONDS:=1}" "${BENCH_REPETITIONS:=1}" "${BENCH_LOAD_SECONDS:=10}" "${BENCH_STORES:=sqlite}"
fi

mkdir -p bench/out
./mvnw -B test -Dtest=AskdbBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
	-Daskdb.bench.jar="$PWD/$jar" -Daskdb.bench.out="$PWD/bench/out" \
	-Daskdb.bench.seconds="${BENCH_SECONDS:-5}" -Daskdb.bench.repetitions="${BENCH_REPETITIONS:-3}" \
	-Daskdb.bench.load-seconds="${BENCH_LOAD_SECONDS:-60}" -Daskdb.bench.stores="${BENCH_STORES:-sqlite,postgres}" \
	-Daskdb.bench.jvm-options="${BENCH_JVM_OPTIONS:--Xmx512m}" >bench/out/run.log 2>&1 || {
	tail -60 bench/out/run.log
	echo "The benchmark failed; the whole log is bench/out/run.log" >&2
	exit 1
}
rm -rf bench/out/work
echo "Report: bench/out/report.md (log: bench/out/run.log)"
