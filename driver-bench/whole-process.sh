#!/usr/bin/env bash
# Whole-process timing of issue #19: starts the bench's broker once (its own JVM; topics created, one pre-filled),
# then runs whole-produce and whole-consume for ours and the official client alternately (pair i: ours first when
# i is odd, official first when even), each in a fresh JVM under /usr/bin/time -v, and prints every run and the
# medians with the ratios ours/official: wall, user+sys CPU, system CPU, peak RSS, start-up (create to first
# acknowledgement, or to the first record), records/s, and create_ms (the client's creation alone).
#
# Usage: driver-bench/whole-process.sh [PRODUCE_RECORDS [CONSUME_RECORDS [PAIRS]]]   (default 5000000 2000000 3)
# Environment: JAR (default driver-bench/target/kafka-driver-bench.jar), CLIENT_JAVA_OPTS (JVM options of the
# client JVMs, default none), KEEP (a directory to keep the logs in).
# Build first: ./mvnw -B -q -pl driver-bench -am package -DskipTests
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
jar=${JAR:-$here/target/kafka-driver-bench.jar}
produce_records=${1:-5000000}
consume_records=${2:-2000000}
pairs=${3:-3}
[[ -f $jar ]] || { echo "no $jar: build it first (see the header of $0)" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "/usr/bin/time is missing (GNU time, package 'time')" >&2; exit 2; }

work=${KEEP:-$(mktemp -d)}
mkdir -p "$work"
broker_pid=
cleanup() {
    # Closing the broker's input stops it; wait for it (bounded), then make sure.
    exec 3>&- 2>/dev/null || true
    if [[ -n $broker_pid ]]; then
        for _ in $(seq 1 60); do kill -0 "$broker_pid" 2>/dev/null || break; sleep 1; done
        kill "$broker_pid" 2>/dev/null || true
    fi
    [[ -n ${KEEP:-} ]] || rm -rf "$work"
}
trap cleanup EXIT

topics=()
for i in $(seq 1 "$pairs"); do topics+=("kdb-wp-ours-$i" "kdb-wp-official-$i"); done
mkfifo "$work/broker.in"
java -jar "$jar" broker --topic "$(IFS=,; echo "${topics[*]}")" --fill kdb-wc --records "$consume_records" \
    < "$work/broker.in" > "$work/broker.log" 2>&1 &
broker_pid=$!
exec 3> "$work/broker.in"
bootstrap=
for _ in $(seq 1 600); do
    bootstrap=$(sed -n 's/^bootstrap=//p' "$work/broker.log")
    [[ -n $bootstrap ]] && break
    kill -0 "$broker_pid" 2>/dev/null || break
    sleep 1
done
[[ -n $bootstrap ]] || { echo "the broker did not start:" >&2; cat "$work/broker.log" >&2; exit 1; }
echo "broker at $bootstrap (pid $broker_pid), kdb-wc pre-filled with $consume_records records; $(uptime)"

# One run: program, client, pair index, topic, records; appends a row to $work/rows.
failures=0
run() {
    local prog=$1 client=$2 i=$3 topic=$4 n=$5 rc=0
    # shellcheck disable=SC2086
    /usr/bin/time -v -o "$work/time.txt" java ${CLIENT_JAVA_OPTS:-} -jar "$jar" "whole-$prog" --client "$client" \
        --bootstrap "$bootstrap" --topic "$topic" --records "$n" > "$work/out.txt" 2> "$work/err.txt" || rc=$?
    cat "$work/out.txt" >> "$work/runs.log"
    [[ $rc == 0 ]] || { failures=$((failures + 1)); echo "FAILED ($rc): $prog $client #$i" >&2; cat "$work/out.txt" "$work/err.txt" >&2; }
    awk -v prog="$prog" -v client="$client" -v i="$i" -v rc="$rc" -v summary="$(grep "^whole-" "$work/out.txt" || true)" '
        /Elapsed \(wall clock\)/ { n = split($NF, t, ":"); wall = 0; for (k = 1; k <= n; k++) wall = wall * 60 + t[k] }
        /User time \(seconds\)/ { user = $NF }
        /System time \(seconds\)/ { sys = $NF }
        /Maximum resident set size/ { rss = $NF }
        END {
            startup = "-"; rate = "-"; create = "-"
            if (match(summary, /create_ms=[0-9]+/)) create = substr(summary, RSTART + 10, RLENGTH - 10)
            if (match(summary, /startup_ms=[0-9]+/)) startup = substr(summary, RSTART + 11, RLENGTH - 11)
            if (match(summary, /records_per_s=[0-9]+/)) rate = substr(summary, RSTART + 14, RLENGTH - 14)
            printf "%s %s %s %s %.2f %.2f %.2f %d %s %s %s\n", prog, client, i, rc, wall, user + sys, sys, rss / 1024, startup, rate, create
        }' "$work/time.txt" >> "$work/rows"
}

: > "$work/rows"
for i in $(seq 1 "$pairs"); do
    if (( i % 2 == 1 )); then order=(ours official); else order=(official ours); fi
    for c in "${order[@]}"; do run produce "$c" "$i" "kdb-wp-$c-$i" "$produce_records"; done
    for c in "${order[@]}"; do run consume "$c" "$i" kdb-wc "$consume_records"; done
done

echo
echo "Runs (produce $produce_records records, consume $consume_records records):"
printf "%-8s %-9s %2s %3s %9s %9s %8s %9s %10s %12s %9s\n" program client "#" rc wall_s cpu_s sys_s rss_MiB startup_ms records/s create_ms
while read -r prog client i rc wall cpu sys rss startup rate create; do
    printf "%-8s %-9s %2s %3s %9s %9s %8s %9s %10s %12s %9s\n" "$prog" "$client" "$i" "$rc" "$wall" "$cpu" "$sys" "$rss" "$startup" "$rate" "$create"
done < "$work/rows"

# Median of column $3 over the rows of program $1 and client $2.
median() {
    awk -v p="$1" -v c="$2" -v col="$3" '$1 == p && $2 == c && $col != "-" { print $col }' "$work/rows" | sort -g \
        | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
echo
echo "Medians of $pairs pairs and ratios ours/official:"
printf "%-8s %-15s %9s %9s %8s %9s %10s %12s %9s\n" program client wall_s cpu_s sys_s rss_MiB startup_ms records/s create_ms
for prog in produce consume; do
    declare -A m=()
    for c in ours official; do
        for col in 5 6 7 8 9 10 11; do m[$c.$col]=$(median "$prog" "$c" "$col"); done
        printf "%-8s %-15s %9s %9s %8s %9s %10s %12s %9s\n" "$prog" "$c" "${m[$c.5]}" "${m[$c.6]}" "${m[$c.7]}" "${m[$c.8]}" "${m[$c.9]}" "${m[$c.10]}" "${m[$c.11]}"
    done
    ratios=()
    for col in 5 6 7 8 9 10 11; do
        ratios+=("$(awk -v a="${m[ours.$col]}" -v b="${m[official.$col]}" 'BEGIN { if (a == "-" || b == "-" || b == 0) print "-"; else printf "x%.2f", a / b }')")
    done
    printf "%-8s %-15s %9s %9s %8s %9s %10s %12s %9s\n" "$prog" "ours/official" "${ratios[@]}"
    unset m
done
echo "load after the runs: $(uptime)"
(( failures == 0 )) || { echo "$failures run(s) FAILED" >&2; exit 1; }
