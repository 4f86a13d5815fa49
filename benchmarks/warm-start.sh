#!/usr/bin/env bash
# Warm start of the demo application: startup time and time to readiness with a ready Python
# environment, against the same application built with the extension disabled.
# Usage: benchmarks/warm-start.sh [runs]   (builds both variants first; prints markdown rows)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

./mvnw -B -q -pl runtime,deployment install -DskipTests
./mvnw -B -q -pl integration-tests package -DskipTests -Dbeep.python.enabled=false
cp -r integration-tests/target/quarkus-app "$work/off"
./mvnw -B -q -pl integration-tests package -DskipTests
cp -r integration-tests/target/quarkus-app "$work/on"
python=$(ls -d runtime/target/beep-python-test-python/embedded/*/bin/python3 2>/dev/null | head -1 || true)
python=${python:-$(command -v python3)}

now_ms() { date +%s%3N; }
wait_for() { # url -> ms until it answers 200
  local begin=$1 url=$2
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "$url")" = 200 ]; do sleep 0.005; done
  echo $(( $(now_ms) - begin ))
}
run() { # variant -> "started_ms live_ms ready_ms"
  local variant=$1 begin pid live ready
  begin=$(now_ms)
  java -Dbeep.python.home="$work/home" -Dbeep.python.interpreter="$python" -Dbeep.python.packages= \
       -Dquarkus.http.port=8089 -jar "$work/$variant/quarkus-run.jar" > "$work/$variant.log" 2>&1 &
  pid=$!
  live=$(wait_for "$begin" http://localhost:8089/q/health/live)
  ready=$(wait_for "$begin" http://localhost:8089/q/health/ready)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  started=$(grep -o 'started in [0-9.]*s' "$work/$variant.log" | grep -o '[0-9.]*' | head -1)
  echo "$started $live $ready"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

run on > /dev/null   # the first run makes the environment; every later one is a warm start
for variant in on off; do
  : > "$work/$variant.runs"
  for _ in $(seq "$runs"); do run "$variant" >> "$work/$variant.runs"; done
done
for variant in on off; do
  echo "$variant: started $(cut -d' ' -f1 "$work/$variant.runs" | median) s (Quarkus log)," \
       "live $(cut -d' ' -f2 "$work/$variant.runs" | median) ms, ready $(cut -d' ' -f3 "$work/$variant.runs" | median) ms" \
       "after launch (median of $runs)"
done
