#!/usr/bin/env bash
# Prints the home directory of the newest JDK (17 or newer) on this machine, or fails.
# Looks in /usr/lib/jvm, $JAVA_HOME and the `java` on PATH. Used by ./sealstream and .ci/run.
set -euo pipefail

major_of() {
  local v
  v="$("$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')" || true
  [ -n "$v" ] && echo "${v%%.*}"
}

best_major=0
best_home=""
for java in /usr/lib/jvm/*/bin/java ${JAVA_HOME:+"$JAVA_HOME/bin/java"} "$(command -v java || true)"; do
  [ -x "$java" ] || continue
  [ -x "$(dirname "$java")/javac" ] || continue # a JRE cannot build
  m="$(major_of "$java")"
  [ -n "$m" ] || continue
  if [ "$m" -gt "$best_major" ]; then
    best_major="$m"
    best_home="$(cd "$(dirname "$(readlink -f "$java")")/.." && pwd)"
  fi
done

if [ "$best_major" -lt 17 ]; then
  echo "no JDK 17 or newer found (looked in /usr/lib/jvm, JAVA_HOME and PATH)" >&2
  exit 1
fi
echo "$best_home"
