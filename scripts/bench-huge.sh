#!/usr/bin/env bash
# The memory target of docs/benchmarks.md: one very large object streamed through the pipeline
# while the whole stack (broker, key-service, ingest-api, encryptor, store-writer) runs in ONE
# JVM whose heap is capped, which bounds every service's heap by the same cap. The object goes in
# with the AWS CLI (`aws s3 cp -`: multipart, 8 MiB parts, 10 at a time, read from a pipe, so no
# file of that size is needed) and comes back with `aws s3 cp ... -`; the SHA-256 of both streams
# must match. The heap figures come from the JVM's own GC log. Prints a markdown report; exits 1
# when the object does not read back intact or the JVM ran out of memory.
#
#   scripts/bench-huge.sh                      # 10 GiB, SSE-S3, -Xmx256m
#   scripts/bench-huge.sh 2 512m sse-c         # GiB, heap cap, sse-s3 | sse-kms | sse-c
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
gib="${1:-10}"
heap="${2:-256m}"
mode="${3:-sse-s3}"
aws_cli="${AWS_CLI:-/usr/bin/aws}"
[ -x "$aws_cli" ] || aws_cli="$(command -v aws || true)"
[ -n "$aws_cli" ] || { echo "bench-huge: the AWS CLI is not installed (apt-get install awscli)" >&2; exit 2; }
case "$gib" in ''|*[!0-9]*) echo "bench-huge: size is a whole number of GiB" >&2; exit 2 ;; esac

work="$(mktemp -d)"
data="$work/data"
log="$work/stack.log"
gc="$work/gc.log"
stack_pid=""
cleanup() {
  if [ -n "$stack_pid" ] && kill -0 "$stack_pid" 2>/dev/null; then
    kill -TERM "$stack_pid" 2>/dev/null
    wait "$stack_pid" 2>/dev/null
  fi
  [ "${BENCH_KEEP:-0}" = 1 ] && echo "bench-huge: kept $work" >&2 || rm -rf "$work"
}
trap cleanup EXIT

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
SEALSTREAM_JAVA_OPTS="-Xmx$heap -Xlog:gc:file=$gc -XX:+ExitOnOutOfMemoryError ${SEALSTREAM_JAVA_OPTS:-}" \
  "$root/sealstream" up --data-dir "$data" --s3-port "$port" >"$log" 2>&1 &
stack_pid=$!
for _ in $(seq 1 240); do
  grep -q '^Ready' "$log" 2>/dev/null && break
  kill -0 "$stack_pid" 2>/dev/null || { echo "bench-huge: the stack did not start" >&2; tail -n 30 "$log" >&2; exit 2; }
  sleep 0.5
done
grep -q '^Ready' "$log" || { echo "bench-huge: the stack did not become ready" >&2; exit 2; }

export AWS_ACCESS_KEY_ID="$(sed -n 's/^Access key: //p' "$log" | head -n 1)"
export AWS_SECRET_ACCESS_KEY="$(sed -n 's/^Secret key: //p' "$log" | head -n 1)"
export AWS_DEFAULT_REGION=us-east-1
export AWS_CONFIG_FILE="$work/aws-config" AWS_SHARED_CREDENTIALS_FILE="$work/aws-credentials"
s3=("$aws_cli" --endpoint-url "https://127.0.0.1:$port" --ca-bundle "$data/tls/ca.pem")
case "$mode" in
  sse-s3) sse=(--sse AES256) ;;
  sse-kms) sse=(--sse aws:kms --sse-kms-key-id sealstream-default) ;;
  sse-c)
    head -c 32 /dev/urandom >"$work/customer.key"
    sse=(--sse-c AES256 --sse-c-key "fileb://$work/customer.key") ;;
  *) echo "bench-huge: mode is sse-s3, sse-kms or sse-c" >&2; exit 2 ;;
esac
get_sse=("${sse[@]}")
[ "$mode" = sse-c ] || get_sse=()
"${s3[@]}" s3 mb s3://bench >/dev/null || exit 2

# the source: a 64 MiB random pattern, repeated; its SHA-256 is taken as it is sent
head -c $((64 << 20)) /dev/urandom >"$work/pattern"
repeat() { for _ in $(seq 1 $((gib * 16))); do cat "$work/pattern"; done; }
bytes=$((gib << 30))
t0=$(date +%s.%N)
repeat | tee >(sha256sum | cut -d' ' -f1 >"$work/sent.sha256") \
  | "${s3[@]}" s3 cp - s3://bench/huge "${sse[@]}" --expected-size "$bytes" >"$work/put.log" 2>&1
put_rc=$?
t1=$(date +%s.%N)
"${s3[@]}" s3 cp s3://bench/huge - "${get_sse[@]}" 2>"$work/get.log" | sha256sum | cut -d' ' -f1 >"$work/got.sha256"
t2=$(date +%s.%N)
for _ in 1 2 3 4 5 6 7 8 9 10; do [ -s "$work/sent.sha256" ] && break; sleep 0.2; done

alive=yes
kill -0 "$stack_pid" 2>/dev/null || alive="no (exited: $(grep -m1 -o 'OutOfMemoryError[^ ]*' "$log" || echo 'see log'))"
hwm="$(awk '/VmHWM/ {print int($2/1024)}' "/proc/$stack_pid/status" 2>/dev/null || echo '?')"
sent="$(cat "$work/sent.sha256")"
got="$(cat "$work/got.sha256")"
# "[12.5s][info][gc] GC(29) Pause Young (Normal) (G1 Evacuation Pause) 168M->135M(256M) 13.2ms"
read -r peak live_max pauses fulls pause_ms < <(awk '
  /Pause/ && match($0, /[0-9]+M->[0-9]+M\([0-9]+M\)/) {
    split(substr($0, RSTART, RLENGTH), a, /M->|M\(|M\)/)
    if (a[1] > peak) peak = a[1]
    if (/Pause Full/ && a[2] > live) live = a[2]
    n++; if (/Pause Full/) f++
    if (match($0, /[0-9.]+ms$/)) ms += substr($0, RSTART, RLENGTH - 2)
  }
  END { printf "%d %d %d %d %.0f\n", peak, live, n, f, ms }' "$gc")
java_version="$("$("$root/scripts/newest-jdk.sh")/bin/java" -version 2>&1 | head -n 1)"
put_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
get_s=$(awk -v a="$t1" -v b="$t2" 'BEGIN { printf "%.1f", b - a }')
mbps() { awk -v n="$bytes" -v s="$1" 'BEGIN { printf "%.1f", n / s / 1e6 }'; }

cat <<EOF
## ${gib} GiB object, ${mode}, whole stack in one JVM with -Xmx${heap}

- $(date -u +%Y-%m-%dT%H:%MZ), ${java_version}, load average $(cut -d' ' -f1-3 /proc/loadavg), \`scripts/bench-huge.sh ${gib} ${heap} ${mode}\`
- PUT (aws s3 cp -, multipart): ${put_s} s, $(mbps "$put_s") MB/s, exit ${put_rc}
- GET (aws s3 cp ... -): ${get_s} s, $(mbps "$get_s") MB/s
- SHA-256 sent ${sent:0:16}…, read back ${got:0:16}…: $([ -n "$sent" ] && [ "$sent" = "$got" ] && echo match || echo '**DIFFER**')
- heap (GC log): peak in use ${peak} MiB of ${heap}; $([ "$fulls" -gt 0 ] && echo "largest live set after a full collection ${live_max} MiB" || echo "no full collection"); ${pauses} pauses (${fulls} full), ${pause_ms} ms in all
- process resident set peak (VmHWM): ${hwm} MiB; JVM alive at the end: ${alive}
EOF
[ "$put_rc" = 0 ] && [ -n "$sent" ] && [ "$sent" = "$got" ] && [ "$alive" = yes ]
