#!/usr/bin/env bash
# Cross-checks `./sealstream dare` against a minio/sio command-line build, both ways.
#
#   SIO=/path/to/sio-cli scripts/sio-interop-check.sh
#
# SIO must accept: encrypt -key HEX [-cipher aes|chacha] [-nonce HEX24] [-seq N] and
# decrypt -key HEX [-seq N], stdin to stdout (a ~40-line Go main over sio.Encrypt/Decrypt).
# Neither sio nor its build lives in this repository. Prints "N passed, M failed".
set -uo pipefail
: "${SIO:?set SIO to a minio/sio command-line binary}"
cd "$(dirname "$0")/.."

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

ours() { ./sealstream dare "$@"; }
key="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
nonce="$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"

for cipher in aes chacha; do
  for size in 1 2 1000 65535 65536 65537 131072 131073 1048576 1048577 3000001; do
    head -c "$size" /dev/urandom > "$work/p"
    # byte-exact with the same key and nonce
    "$SIO" encrypt -key "$key" -cipher "$cipher" -nonce "$nonce" < "$work/p" > "$work/sio" || bad "sio encrypt $cipher $size"
    ours encrypt --key "$key" --cipher "$cipher" --insecure-nonce "$nonce" < "$work/p" > "$work/ours"
    if cmp -s "$work/sio" "$work/ours"; then ok; else bad "byte-exact $cipher $size"; fi
    # each decrypts the other's output (random nonces)
    ours encrypt --key "$key" --cipher "$cipher" < "$work/p" > "$work/ours-r"
    if "$SIO" decrypt -key "$key" < "$work/ours-r" | cmp -s - "$work/p"; then ok; else bad "sio decrypts ours $cipher $size"; fi
    "$SIO" encrypt -key "$key" -cipher "$cipher" < "$work/p" > "$work/sio-r"
    if ours decrypt --key "$key" < "$work/sio-r" | cmp -s - "$work/p"; then ok; else bad "ours decrypts sio $cipher $size"; fi
    # tampering is refused by both
    if [ "$size" -gt 1000 ]; then
      cp "$work/ours-r" "$work/t"
      printf '\xff' | dd of="$work/t" bs=1 seek=$((size / 2)) conv=notrunc status=none
      if ours decrypt --key "$key" < "$work/t" > /dev/null 2>&1; then bad "ours accepted tampered $cipher $size"; else ok; fi
      if "$SIO" decrypt -key "$key" < "$work/t" > /dev/null 2>&1; then bad "sio accepted tampered $cipher $size"; else ok; fi
    fi
  done
done

# a stream tail from a sequence number, both ways
head -c 300000 /dev/urandom > "$work/p"
"$SIO" encrypt -key "$key" -cipher aes -nonce "$nonce" -seq 5 < "$work/p" > "$work/sio"
ours encrypt --key "$key" --cipher aes --insecure-nonce "$nonce" --sequence 5 < "$work/p" > "$work/ours"
if cmp -s "$work/sio" "$work/ours"; then ok; else bad "byte-exact from sequence 5"; fi
if ours decrypt --key "$key" --sequence 5 < "$work/sio" | cmp -s - "$work/p"; then ok; else bad "ours decrypts sio from sequence 5"; fi

# empty input: both encrypt to nothing, both refuse to decrypt nothing
"$SIO" encrypt -key "$key" < /dev/null > "$work/sio"
ours encrypt --key "$key" < /dev/null > "$work/ours"
if [ ! -s "$work/sio" ] && [ ! -s "$work/ours" ]; then ok; else bad "empty input does not encrypt to nothing"; fi
if "$SIO" decrypt -key "$key" < /dev/null > /dev/null 2>&1; then sio_empty=accepts; else sio_empty=refuses; fi
if ours decrypt --key "$key" < /dev/null > /dev/null 2>&1; then ours_empty=accepts; else ours_empty=refuses; fi
if [ "$sio_empty" = "$ours_empty" ]; then ok; else bad "empty decrypt: sio $sio_empty, ours $ours_empty"; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
