#!/usr/bin/env bash
# Installs the Debian packages the tests use, only those missing: awscli (scripts/e2e-awscli.sh)
# and softhsm2 (the PKCS#11 token of key-service's keystore contract tests). apt needs root, or
# sudo without a password; otherwise this says what to install and fails.
set -euo pipefail

need=()
[ -x /usr/bin/aws ] || need+=(awscli)
command -v softhsm2-util > /dev/null 2>&1 || need+=(softhsm2)
[ "${#need[@]}" -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo > /dev/null 2>&1 && sudo -n true 2> /dev/null; then
  as_root=(sudo -n)
else
  echo "install-test-deps: please install: apt-get install ${need[*]}" >&2
  exit 1
fi
echo "install-test-deps: installing ${need[*]}" >&2
"${as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq "${need[@]}" > /dev/null
