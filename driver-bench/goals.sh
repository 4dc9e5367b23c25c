#!/usr/bin/env bash
# The goals of issue 19 ("Performance round 2") in one command: runs every measurement of the goals one after the
# other (never two at once: each starts its own broker and wants both cores), keeps the raw outputs (JSON, logs,
# whole-process.sh's output, JMH's JSON) in one directory, then generates the goals table from those files
# (io.kafkadriver.bench.GoalsReport) and writes it into docs/performance.md between <!-- goals:begin --> and
# <!-- goals:end -->. The load average (uptime) is printed before and after and goes into the table's caption.
#
# The figures need a quiet machine: no builds or test suites of others while it runs (about 25 minutes at the
# default sizes on the 2-core machine).
#
# Steps, in order (raw output in $OUT):
#   1 produce      --mode produce --compare                  produce.json, produce.log        (goal 1)
#   2 consume      --mode consume --compare                  consume.json, consume.log        (goal 1)
#   3 produce-api  --mode produce --api both (ours only)     produce-api.json, ...log         (goal 5)
#   4 latency 5    --mode latency --compare                  latency-linger5.json, ...log     (goal 4)
#   5 latency 0    --mode latency --compare --linger-ms 0    latency-linger0.json, ...log     (goal 4)
#   6 whole        driver-bench/whole-process.sh             whole-process.txt, whole-process/ (goals 2, 3)
#   7 jmh          RecordBatchBenchmark -prof gc -rf json    jmh.json, jmh.log                (goal 6)
#   8 demo         java -Xmx256m -jar ... (the round trip)   demo.json, demo.log              (goal 7)
#   then env.txt (load before/after, commit, sizes, failed steps) and the table (goals.md, and the document).
#
# Usage: driver-bench/goals.sh
# Build first: ./mvnw -B -q -pl driver-bench -am package -DskipTests
# Environment (defaults are the full-size run):
#   PRODUCE_RECORDS (5000000)  records per produce run, steps 1 and 3
#   CONSUME_RECORDS (5000000)  records pre-filled and read, step 2
#   PAIRS (3)                  measured runs per client, steps 1-3
#   LATENCY_SECONDS (20)       measured seconds per run at 50,000 records/s, steps 4-5
#   LATENCY_PAIRS (2)          measured runs per client, in alternating order, steps 4-5
#   WHOLE_PRODUCE_RECORDS (5000000), WHOLE_CONSUME_RECORDS (2000000), WHOLE_PAIRS (3)   step 6
#   JMH_OPTS ("-f 1 -wi 3 -w 1s -i 5 -r 1s")   JMH options of step 7 (-prof gc and the JSON output are added)
#   JMH_LOCK_WAIT (900)        seconds step 7 waits while another JMH run holds /tmp/jmh.lock
#   DEMO_RECORDS (the demo's default, 10000000)   step 8
#   STEPS ("produce consume produce-api latency5 latency0 whole jmh demo")   which steps to run
#   OUT (driver-bench/results/goals)   the results directory; an existing one is moved to OUT.old-EPOCH first
#   DOC (docs/performance.md)   the document to rewrite; DOC=none only prints the table (and writes OUT/goals.md)
#   JAR (driver-bench/target/kafka-driver-bench.jar)
# Quick smoke run (a few minutes; figures meaningless, do not publish them):
#   PRODUCE_RECORDS=200000 CONSUME_RECORDS=200000 PAIRS=1 LATENCY_SECONDS=3 LATENCY_PAIRS=1 WHOLE_PRODUCE_RECORDS=200000 \
#   WHOLE_CONSUME_RECORDS=200000 WHOLE_PAIRS=1 JMH_OPTS="-f 1 -wi 1 -w 1s -i 1 -r 1s -p codec=NONE" \
#   DEMO_RECORDS=200000 OUT=/tmp/goals-smoke DOC=none driver-bench/goals.sh
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
jar=${JAR:-$here/target/kafka-driver-bench.jar}
out=${OUT:-$here/results/goals}
doc=${DOC:-$root/docs/performance.md}
produce_records=${PRODUCE_RECORDS:-5000000}
consume_records=${CONSUME_RECORDS:-5000000}
pairs=${PAIRS:-3}
latency_seconds=${LATENCY_SECONDS:-20}
latency_pairs=${LATENCY_PAIRS:-2}
whole_produce=${WHOLE_PRODUCE_RECORDS:-5000000}
whole_consume=${WHOLE_CONSUME_RECORDS:-2000000}
whole_pairs=${WHOLE_PAIRS:-3}
jmh_opts=${JMH_OPTS:--f 1 -wi 3 -w 1s -i 5 -r 1s}
steps=" ${STEPS:-produce consume produce-api latency5 latency0 whole jmh demo} "
[[ -f $jar ]] || { echo "no $jar: build it first (see the header of $0)" >&2; exit 2; }
[[ $doc == none || -f $doc ]] || { echo "no document $doc (DOC=none to only print the table)" >&2; exit 2; }

if [[ -e $out ]]; then
    old="$out.old-$(date +%s)"
    mv "$out" "$old" && echo "moved the previous results to $old"
fi
mkdir -p "$out"

load_before=$(uptime)
echo "load before: $load_before"
{
    echo "started=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$root" diff --quiet HEAD -- . ':(exclude)driver-bench/results' 2>/dev/null || echo ' (uncommitted changes)')"
    echo "load_before=$load_before"
    echo "kcat=$(command -v kcat || echo absent)"
    echo "java=$(java -version 2>&1 | head -n 1)"
    echo "nproc=$(nproc)"
    echo "produce_records=$produce_records"
    echo "consume_records=$consume_records"
    echo "pairs=$pairs"
    echo "whole_produce_records=$whole_produce"
    echo "whole_consume_records=$whole_consume"
    echo "whole_pairs=$whole_pairs"
    echo "latency_seconds=$latency_seconds"
    echo "latency_pairs=$latency_pairs"
    echo "jmh_opts=$jmh_opts"
    echo "demo_records=${DEMO_RECORDS:-default}"
} > "$out/env.txt"

failed=()
# One step: name, log file, then the command; its exit status is recorded, a failure does not stop the others.
step() {
    local name=$1 log=$2 start rc=0
    shift 2
    [[ $steps == *" $name "* ]] || { echo "== $name: skipped (STEPS)"; return; }
    start=$(date +%s)
    echo "== $name: $* (log: $log; $(uptime | sed 's/.*load average/load average/'))"
    "$@" > "$log" 2>&1 || rc=$?
    echo "   $name: exit $rc after $(( $(date +%s) - start )) s"
    [[ $rc == 0 ]] || { failed+=("$name($rc)"); tail -n 20 "$log" | sed 's/^/   | /'; }
}

bench=(java -jar "$jar")
step produce "$out/produce.log" "${bench[@]}" --mode produce --compare --records "$produce_records" \
    --repeat "$pairs" --json "$out/produce.json"
step consume "$out/consume.log" "${bench[@]}" --mode consume --compare --records "$consume_records" \
    --repeat "$pairs" --json "$out/consume.json"
step produce-api "$out/produce-api.log" "${bench[@]}" --mode produce --api both --records "$produce_records" \
    --repeat "$pairs" --json "$out/produce-api.json"
step latency5 "$out/latency-linger5.log" "${bench[@]}" --mode latency --compare --linger-ms 5 \
    --duration "$latency_seconds" --repeat "$latency_pairs" --json "$out/latency-linger5.json"
step latency0 "$out/latency-linger0.log" "${bench[@]}" --mode latency --compare --linger-ms 0 \
    --duration "$latency_seconds" --repeat "$latency_pairs" --json "$out/latency-linger0.json"
step whole "$out/whole-process.txt" env KEEP="$out/whole-process" JAR="$jar" CLIENT_JAVA_OPTS= \
    "$here/whole-process.sh" "$whole_produce" "$whole_consume" "$whole_pairs"
# JMH refuses to start while another JMH run holds /tmp/jmh.lock (someone else's benchmark: the machine is not
# quiet). Wait for it, bounded by JMH_LOCK_WAIT seconds (default 900), rather than run two at once.
jmh() {
    local waited=0 rc
    while true; do
        # shellcheck disable=SC2086
        java -cp "$jar" org.openjdk.jmh.Main io.kafkadriver.bench.jmh.RecordBatchBenchmark $jmh_opts -prof gc \
            -rf json -rff "$out/jmh.json" && return 0
        rc=$?
        grep -q "Unable to acquire the JMH lock" "$out/jmh.log" 2>/dev/null || return $rc
        (( waited < ${JMH_LOCK_WAIT:-900} )) || return $rc
        echo "   another JMH run holds /tmp/jmh.lock (the machine is not quiet); waiting" >&2
        sleep 30
        waited=$((waited + 30))
    done
}
step jmh "$out/jmh.log" jmh
step demo "$out/demo.log" java -Xmx256m -jar "$jar" ${DEMO_RECORDS:+--records "$DEMO_RECORDS"} \
    --json "$out/demo.json"

load_after=$(uptime)
echo "load after: $load_after"
{
    echo "load_after=$load_after"
    echo "failed_steps=${failed[*]:-none}"
} >> "$out/env.txt"

if [[ $doc == none ]]; then
    java -cp "$jar" io.kafkadriver.bench.GoalsReport "$out" | tee "$out/goals.md"
else
    java -cp "$jar" io.kafkadriver.bench.GoalsReport "$out" "$doc" | tee "$out/goals.md"
fi
(( ${#failed[@]} == 0 )) || { echo "failed steps: ${failed[*]}" >&2; exit 1; }
