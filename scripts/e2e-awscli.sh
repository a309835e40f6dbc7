#!/usr/bin/env bash
# End-to-end check of the S3 endpoint with the AWS CLI (Debian's `awscli`), as a user drives it:
# starts `./sealstream up` on a fresh data directory, then goes through buckets, bucket default
# encryption, PUT/GET in every SSE mode (single and multipart), ranges, listing, copy (incl. the
# SSE-C key rotation in place), multipart by hand, multi-delete, presigned URLs and the error
# answers, comparing the SHA-256 of everything it reads back. Prints one line per check and a
# totals line; exits 1 if any check failed.
#
#   scripts/e2e-awscli.sh            # uses /usr/bin/aws, a free port, a temporary data dir
#   AWS_CLI=/path/to/aws S3_PORT=9100 scripts/e2e-awscli.sh
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
aws_cli="${AWS_CLI:-/usr/bin/aws}"
[ -x "$aws_cli" ] || aws_cli="$(command -v aws || true)"
if [ -z "$aws_cli" ] || ! "$aws_cli" --version >/dev/null 2>&1; then
  echo "e2e: the AWS CLI is not installed (apt-get install awscli)" >&2
  exit 2
fi
port="${S3_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}"
work="$(mktemp -d)"
data="$work/data"
files="$work/files"
mkdir -p "$files"
log="$work/stack.log"
stack_pid=""

cleanup() {
  if [ -n "$stack_pid" ] && kill -0 "$stack_pid" 2>/dev/null; then
    kill -TERM "$stack_pid" 2>/dev/null
    wait "$stack_pid" 2>/dev/null
  fi
  if [ "${E2E_KEEP:-0}" = 1 ]; then
    echo "e2e: kept $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

# ---------------------------------------------------------------- the stack

"$root/sealstream" up --data-dir "$data" --s3-port "$port" >"$log" 2>&1 &
stack_pid=$!
for _ in $(seq 1 240); do
  grep -q '^Ready' "$log" 2>/dev/null && break
  if ! kill -0 "$stack_pid" 2>/dev/null; then
    echo "e2e: the stack did not start:" >&2
    tail -n 40 "$log" >&2
    exit 2
  fi
  sleep 0.5
done
grep -q '^Ready' "$log" || { echo "e2e: the stack did not become ready" >&2; tail -n 40 "$log" >&2; exit 2; }

endpoint="$(sed -n 's/^S3 endpoint: //p' "$log" | head -n 1)"
export AWS_ACCESS_KEY_ID="$(sed -n 's/^Access key: //p' "$log" | head -n 1)"
export AWS_SECRET_ACCESS_KEY="$(sed -n 's/^Secret key: //p' "$log" | head -n 1)"
export AWS_DEFAULT_REGION=us-east-1
export AWS_CONFIG_FILE="$work/aws-config" AWS_SHARED_CREDENTIALS_FILE="$work/aws-credentials"
export AWS_PAGER=""
# the development CA the stack generated: trusted by file, never --no-verify-ssl
ca="$(sed -n 's/^Trust its CA: export AWS_CA_BUNDLE=\([^ ]*\).*/\1/p' "$log" | head -n 1)"
tls_args=()
if [[ "$endpoint" == https://* ]]; then
  [ -n "$ca" ] && [ -f "$ca" ] || { echo "e2e: the stack printed no CA to trust" >&2; exit 2; }
  tls_args=(--ca-bundle "$ca")
  curl_tls=(--cacert "$ca")
else
  curl_tls=()
fi
echo "e2e: $("$aws_cli" --version 2>&1 | cut -d' ' -f1) against $endpoint"

aws() { "$aws_cli" --endpoint-url "$endpoint" "${tls_args[@]}" "$@"; }

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   $*"; }
bad() { failed=$((failed + 1)); echo "FAIL $*"; }

# check NAME COMMAND...: the command must succeed
check() {
  local name="$1"; shift
  local out
  if out="$("$@" 2>&1)"; then ok "$name"; else bad "$name"; echo "$out" | tail -n 5 | sed 's/^/     /'; fi
}

# expect_error NAME CODE COMMAND...: the command must fail with this S3 error code (or HTTP status)
expect_error() {
  local name="$1" code="$2"; shift 2
  local out
  if out="$("$@" 2>&1)"; then
    bad "$name (succeeded, expected $code)"
  elif echo "$out" | grep -q -- "$code"; then
    ok "$name"
  else
    bad "$name (expected $code)"; echo "$out" | tail -n 3 | sed 's/^/     /'
  fi
}

# same NAME FILE1 FILE2: both files have the same SHA-256
same() {
  local a b
  a="$(sha256sum "$2" | cut -d' ' -f1)"; b="$(sha256sum "$3" | cut -d' ' -f1)"
  if [ "$a" = "$b" ]; then ok "$1"; else bad "$1 ($a != $b)"; fi
}

# equals NAME EXPECTED ACTUAL
equals() {
  if [ "$2" = "$3" ]; then ok "$1"; else bad "$1 (expected '$2', got '$3')"; fi
}

make_file() { head -c "$2" /dev/urandom >"$files/$1"; }

ssec_key=0123456789abcdef0123456789abcdef
ssec_key2=fedcba9876543210fedcba9876543210

# ---------------------------------------------------------------- buckets

b=e2e-data
check "create bucket" aws s3 mb "s3://$b"
check "create second bucket" aws s3api create-bucket --bucket e2e-empty
expect_error "create existing bucket" BucketAlreadyOwnedByYou aws s3api create-bucket --bucket "$b"
expect_error "invalid bucket name" InvalidBucketName aws s3api create-bucket --bucket Bad_Name
check "head bucket" aws s3api head-bucket --bucket "$b"
equals "list buckets" "e2e-data e2e-empty" "$(aws s3api list-buckets --query 'Buckets[].Name' --output text | tr '\t' ' ')"
check "get bucket location" aws s3api get-bucket-location --bucket "$b"
equals "bucket versioning is off" "None" "$(aws s3api get-bucket-versioning --bucket "$b" --query Status --output text)"
expect_error "head missing bucket" 404 aws s3api head-bucket --bucket e2e-missing

# ---------------------------------------------------------------- PUT / GET in every mode

make_file small.bin 100000
make_file large.bin $((20 * 1024 * 1024 + 12345))   # > 8 MB: `aws s3 cp` uses multipart
make_file empty.bin 0
for f in small.bin large.bin empty.bin; do
  check "cp $f SSE-S3 (default)" aws s3 cp "$files/$f" "s3://$b/s3/$f"
  check "get $f SSE-S3" aws s3 cp "s3://$b/s3/$f" "$files/$f.s3.out"
  same "sha256 $f SSE-S3" "$files/$f" "$files/$f.s3.out"
  check "cp $f SSE-KMS" aws s3 cp "$files/$f" "s3://$b/kms/$f" --sse aws:kms
  check "get $f SSE-KMS" aws s3 cp "s3://$b/kms/$f" "$files/$f.kms.out"
  same "sha256 $f SSE-KMS" "$files/$f" "$files/$f.kms.out"
  check "cp $f SSE-C" aws s3 cp "$files/$f" "s3://$b/c/$f" --sse-c AES256 --sse-c-key "$ssec_key"
  check "get $f SSE-C" aws s3 cp "s3://$b/c/$f" "$files/$f.c.out" --sse-c AES256 --sse-c-key "$ssec_key"
  same "sha256 $f SSE-C" "$files/$f" "$files/$f.c.out"
done
equals "SSE-S3 header" AES256 "$(aws s3api head-object --bucket "$b" --key s3/small.bin --query ServerSideEncryption --output text)"
equals "SSE-KMS header" aws:kms "$(aws s3api head-object --bucket "$b" --key kms/small.bin --query ServerSideEncryption --output text)"
equals "multipart ETag" 1 "$(aws s3api head-object --bucket "$b" --key s3/large.bin --query ETag --output text | grep -c -- '-3"')"
equals "plaintext size" $((20 * 1024 * 1024 + 12345)) "$(aws s3api head-object --bucket "$b" --key kms/large.bin --query ContentLength --output text)"
check "put-object with metadata" aws s3api put-object --bucket "$b" --key meta.bin --body "$files/small.bin" \
  --content-type text/csv --metadata origin=e2e,batch=7
for ct in "text/plain; charset=UTF-8" "TEXT/HTML;charset=ISO-8859-1"; do
  check "content type '$ct' is signed as sent" aws s3api put-object --bucket "$b" --key ct.bin --body "$files/small.bin" --content-type "$ct"
  equals "content type '$ct' is stored as sent" "$ct" "$(aws s3api head-object --bucket "$b" --key ct.bin --query ContentType --output text)"
done
equals "content type and metadata" "text/csv e2e" \
  "$(aws s3api head-object --bucket "$b" --key meta.bin --query '[ContentType, Metadata.origin]' --output text | tr '\t' ' ')"
expect_error "SSE-KMS with an unknown key" KMS.NotFoundException \
  aws s3api put-object --bucket "$b" --key k --body "$files/small.bin" --server-side-encryption aws:kms --ssekms-key-id no-such-key
expect_error "SSE-C GET without the key" 400 aws s3api head-object --bucket "$b" --key c/small.bin
expect_error "SSE-C GET with the wrong key" 403 aws s3 cp "s3://$b/c/small.bin" "$files/x" --sse-c AES256 --sse-c-key "$ssec_key2"
expect_error "GET missing key" NoSuchKey aws s3api get-object --bucket "$b" --key missing "$files/x"
expect_error "HEAD missing key" 404 aws s3api head-object --bucket "$b" --key missing
expect_error "PUT into missing bucket" NoSuchBucket aws s3api put-object --bucket e2e-missing --key k --body "$files/small.bin"
expect_error "wrong secret" SignatureDoesNotMatch env AWS_SECRET_ACCESS_KEY=wrong "$aws_cli" --endpoint-url "$endpoint" "${tls_args[@]}" s3api list-buckets
expect_error "unknown access key" InvalidAccessKeyId env AWS_ACCESS_KEY_ID=nobody "$aws_cli" --endpoint-url "$endpoint" "${tls_args[@]}" s3api list-buckets

# ---------------------------------------------------------------- ranges

range_check() { # name key first last [sse-c args...]
  local name="$1" key="$2" first="$3" last="$4"; shift 4
  aws s3api get-object --bucket "$b" --key "$key" --range "bytes=$first-$last" "$@" "$files/range.out" >/dev/null 2>&1 \
    || { bad "$name (request failed)"; return; }
  tail -c +$((first + 1)) "$files/large.bin" | head -c $((last - first + 1)) >"$files/range.expected"
  same "$name" "$files/range.expected" "$files/range.out"
}
range_check "range inside a package" s3/large.bin 100 199
range_check "range across a part boundary" kms/large.bin $((8 * 1024 * 1024 - 70000)) $((8 * 1024 * 1024 + 70000))
range_check "range SSE-C across packages" c/large.bin 65530 131080 --sse-customer-algorithm AES256 --sse-customer-key "$ssec_key"
aws s3api get-object --bucket "$b" --key s3/large.bin --range bytes=-1000 "$files/suffix.out" >/dev/null 2>&1
tail -c 1000 "$files/large.bin" >"$files/suffix.expected"
same "suffix range" "$files/suffix.expected" "$files/suffix.out"
aws s3api get-object --bucket "$b" --key s3/large.bin --range bytes=20971000- "$files/open.out" >/dev/null 2>&1
tail -c +20971001 "$files/large.bin" >"$files/open.expected"
same "open-ended range" "$files/open.expected" "$files/open.out"
expect_error "unsatisfiable range" InvalidRange aws s3api get-object --bucket "$b" --key s3/small.bin --range bytes=200000-300000 "$files/x"
aws s3api get-object --bucket "$b" --key s3/large.bin --part-number 2 "$files/part2.out" >/dev/null 2>&1
tail -c +$((8 * 1024 * 1024 + 1)) "$files/large.bin" | head -c $((8 * 1024 * 1024)) >"$files/part2.expected"
same "GET ?partNumber=2" "$files/part2.expected" "$files/part2.out"

# ---------------------------------------------------------------- listing

for k in a/1 a/2 a/b/3 c/4 d5; do aws s3api put-object --bucket e2e-empty --key "list/$k" --body "$files/empty.bin" >/dev/null; done
equals "ListObjectsV2 prefix" "list/a/1 list/a/2 list/a/b/3" \
  "$(aws s3api list-objects-v2 --bucket e2e-empty --prefix list/a/ --query 'Contents[].Key' --output text | tr '\t' ' ')"
equals "ListObjectsV2 delimiter" "list/a/ list/c/" \
  "$(aws s3api list-objects-v2 --bucket e2e-empty --prefix list/ --delimiter / --query 'CommonPrefixes[].Prefix' --output text | tr '\t' ' ')"
equals "ListObjectsV2 paginated" "list/a/1 list/a/2 list/a/b/3 list/c/4 list/d5" \
  "$(aws s3api list-objects-v2 --bucket e2e-empty --page-size 2 --query 'Contents[].Key' --output text | tr '\t\n' '  ' | xargs)"
equals "s3 ls sizes are plaintext" 100000 "$(aws s3 ls "s3://$b/kms/small.bin" | awk '{print $3}')"
equals "ListObjects (v1)" 5 "$(aws s3api list-objects --bucket e2e-empty --query 'length(Contents)' --output text)"

# ---------------------------------------------------------------- copy

check "copy SSE-S3 -> SSE-KMS" aws s3 cp "s3://$b/s3/small.bin" "s3://$b/copy/kms.bin" --sse aws:kms
check "get copy" aws s3 cp "s3://$b/copy/kms.bin" "$files/copy.out"
same "sha256 copy" "$files/small.bin" "$files/copy.out"
equals "copy mode" aws:kms "$(aws s3api head-object --bucket "$b" --key copy/kms.bin --query ServerSideEncryption --output text)"
check "copy large (UploadPartCopy)" aws s3 cp "s3://$b/kms/large.bin" "s3://$b/copy/large.bin"
check "get large copy" aws s3 cp "s3://$b/copy/large.bin" "$files/copy-large.out"
equals "object tagging is empty" "" "$(aws s3api get-object-tagging --bucket "$b" --key copy/large.bin --query 'TagSet[]' --output text)"
same "sha256 large copy" "$files/large.bin" "$files/copy-large.out"
check "copy SSE-C -> SSE-S3" aws s3 cp "s3://$b/c/small.bin" "s3://$b/copy/from-c.bin" \
  --sse-c-copy-source AES256 --sse-c-copy-source-key "$ssec_key"
check "get SSE-C copy" aws s3 cp "s3://$b/copy/from-c.bin" "$files/from-c.out"
same "sha256 SSE-C copy" "$files/small.bin" "$files/from-c.out"
check "SSE-C key rotation in place" aws s3api copy-object --bucket "$b" --key c/small.bin --copy-source "$b/c/small.bin" \
  --copy-source-sse-customer-algorithm AES256 --copy-source-sse-customer-key "$ssec_key" \
  --sse-customer-algorithm AES256 --sse-customer-key "$ssec_key2"
check "get with the new key" aws s3 cp "s3://$b/c/small.bin" "$files/rotated.out" --sse-c AES256 --sse-c-key "$ssec_key2"
same "sha256 after rotation" "$files/small.bin" "$files/rotated.out"
expect_error "old key after rotation" 403 aws s3 cp "s3://$b/c/small.bin" "$files/x" --sse-c AES256 --sse-c-key "$ssec_key"
expect_error "copy onto itself unchanged" InvalidRequest aws s3api copy-object --bucket "$b" --key meta.bin --copy-source "$b/meta.bin"

# ---------------------------------------------------------------- multipart by hand

mk=manual/parts.bin
upload_id="$(aws s3api create-multipart-upload --bucket "$b" --key "$mk" --server-side-encryption aws:kms --query UploadId --output text)"
[ -n "$upload_id" ] && ok "create multipart upload" || bad "create multipart upload"
head -c $((5 * 1024 * 1024)) "$files/large.bin" >"$files/p1"
tail -c 777 "$files/large.bin" >"$files/p2"
e1="$(aws s3api upload-part --bucket "$b" --key "$mk" --upload-id "$upload_id" --part-number 1 --body "$files/small.bin" --query ETag --output text)"
e1="$(aws s3api upload-part --bucket "$b" --key "$mk" --upload-id "$upload_id" --part-number 1 --body "$files/p1" --query ETag --output text)"
e2="$(aws s3api upload-part --bucket "$b" --key "$mk" --upload-id "$upload_id" --part-number 2 --body "$files/p2" --query ETag --output text)"
equals "list parts" "1 2" "$(aws s3api list-parts --bucket "$b" --key "$mk" --upload-id "$upload_id" --query 'Parts[].PartNumber' --output text | tr '\t' ' ')"
equals "list multipart uploads" "$upload_id" "$(aws s3api list-multipart-uploads --bucket "$b" --prefix manual/ --query 'Uploads[].UploadId' --output text)"
expect_error "complete with a wrong ETag" InvalidPart aws s3api complete-multipart-upload --bucket "$b" --key "$mk" --upload-id "$upload_id" \
  --multipart-upload "{\"Parts\":[{\"PartNumber\":1,\"ETag\":$e1},{\"PartNumber\":2,\"ETag\":\"\\\"00\\\"\"}]}"
expect_error "complete out of order" InvalidPartOrder aws s3api complete-multipart-upload --bucket "$b" --key "$mk" --upload-id "$upload_id" \
  --multipart-upload "{\"Parts\":[{\"PartNumber\":2,\"ETag\":$e2},{\"PartNumber\":1,\"ETag\":$e1}]}"
check "complete" aws s3api complete-multipart-upload --bucket "$b" --key "$mk" --upload-id "$upload_id" \
  --multipart-upload "{\"Parts\":[{\"PartNumber\":1,\"ETag\":$e1},{\"PartNumber\":2,\"ETag\":$e2}]}"
cat "$files/p1" "$files/p2" >"$files/parts.expected"
check "get completed" aws s3 cp "s3://$b/$mk" "$files/parts.out"
same "sha256 completed (part 1 replaced)" "$files/parts.expected" "$files/parts.out"
small_id="$(aws s3api create-multipart-upload --bucket "$b" --key manual/small --query UploadId --output text)"
s1="$(aws s3api upload-part --bucket "$b" --key manual/small --upload-id "$small_id" --part-number 1 --body "$files/p2" --query ETag --output text)"
s2="$(aws s3api upload-part --bucket "$b" --key manual/small --upload-id "$small_id" --part-number 2 --body "$files/p2" --query ETag --output text)"
expect_error "complete with a small part" EntityTooSmall aws s3api complete-multipart-upload --bucket "$b" --key manual/small --upload-id "$small_id" \
  --multipart-upload "{\"Parts\":[{\"PartNumber\":1,\"ETag\":$s1},{\"PartNumber\":2,\"ETag\":$s2}]}"
check "abort" aws s3api abort-multipart-upload --bucket "$b" --key manual/small --upload-id "$small_id"
expect_error "part after abort" NoSuchUpload aws s3api upload-part --bucket "$b" --key manual/small --upload-id "$small_id" --part-number 3 --body "$files/p2"
c_id="$(aws s3api create-multipart-upload --bucket "$b" --key manual/ssec --sse-customer-algorithm AES256 --sse-customer-key "$ssec_key" --query UploadId --output text)"
expect_error "SSE-C part without the key" InvalidRequest aws s3api upload-part --bucket "$b" --key manual/ssec --upload-id "$c_id" --part-number 1 --body "$files/p2"
expect_error "SSE-C part with another key" AccessDenied aws s3api upload-part --bucket "$b" --key manual/ssec --upload-id "$c_id" --part-number 1 --body "$files/p2" \
  --sse-customer-algorithm AES256 --sse-customer-key "$ssec_key2"
check "abort SSE-C upload" aws s3api abort-multipart-upload --bucket "$b" --key manual/ssec --upload-id "$c_id"

# ---------------------------------------------------------------- bucket default encryption

check "put bucket encryption (aws:kms)" aws s3api put-bucket-encryption --bucket e2e-empty \
  --server-side-encryption-configuration '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms"}}]}'
equals "get bucket encryption" aws:kms "$(aws s3api get-bucket-encryption --bucket e2e-empty --query 'ServerSideEncryptionConfiguration.Rules[0].ApplyServerSideEncryptionByDefault.SSEAlgorithm' --output text)"
check "put without SSE headers" aws s3 cp "$files/small.bin" s3://e2e-empty/default.bin
equals "bucket default applied" aws:kms "$(aws s3api head-object --bucket e2e-empty --key default.bin --query ServerSideEncryption --output text)"
check "delete bucket encryption" aws s3api delete-bucket-encryption --bucket e2e-empty
expect_error "get deleted bucket encryption" ServerSideEncryptionConfigurationNotFoundError aws s3api get-bucket-encryption --bucket e2e-empty
expect_error "bucket encryption with an unknown KMS key" KMS.NotFoundException aws s3api put-bucket-encryption --bucket e2e-empty \
  --server-side-encryption-configuration '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms","KMSMasterKeyID":"no-such-key"}}]}'

# ---------------------------------------------------------------- presigned URLs

url="$(aws s3 presign "s3://$b/kms/small.bin" --expires-in 300)"
if curl -sSf "${curl_tls[@]}" -o "$files/presigned.out" "$url"; then ok "presigned GET"; else bad "presigned GET"; fi
same "sha256 presigned GET" "$files/small.bin" "$files/presigned.out"
url="$(aws s3 presign "s3://$b/kms/small.bin" --expires-in 1)"
sleep 2
equals "expired presigned URL" 403 "$(curl -s "${curl_tls[@]}" -o /dev/null -w '%{http_code}' "$url")"
equals "tampered presigned URL" 403 "$(curl -s "${curl_tls[@]}" -o /dev/null -w '%{http_code}' "${url/small.bin/meta.bin}")"

# ---------------------------------------------------------------- delete

expect_error "delete a non-empty bucket" BucketNotEmpty aws s3api delete-bucket --bucket e2e-empty
check "delete-objects" aws s3api delete-objects --bucket e2e-empty \
  --delete '{"Objects":[{"Key":"list/a/1"},{"Key":"list/a/2"},{"Key":"never-existed"}]}'
equals "after delete-objects" "list/a/b/3 list/c/4 list/d5" \
  "$(aws s3api list-objects-v2 --bucket e2e-empty --prefix list/ --query 'Contents[].Key' --output text | tr '\t' ' ')"
check "recursive delete" aws s3 rm --recursive s3://e2e-empty/
check "delete the emptied bucket" aws s3 rb s3://e2e-empty
check "delete object" aws s3 rm "s3://$b/meta.bin"
expect_error "deleted object is gone" 404 aws s3api head-object --bucket "$b" --key meta.bin

echo "e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
