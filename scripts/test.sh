#!/usr/bin/env bash
# The test command of README.md: installs what the tests need (scripts/install-test-deps.sh),
# then runs every unit and integration test (`./mvnw verify`, extra arguments passed on) with the
# newest JDK present, then the AWS CLI end-to-end script against `./sealstream up`.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-test-deps.sh
JAVA_HOME="$(scripts/newest-jdk.sh)"
export JAVA_HOME
echo "test: using JAVA_HOME=$JAVA_HOME"
"$JAVA_HOME/bin/java" -version 2>&1 | head -n 1
./mvnw -B -ntp verify "$@"
AWS_CLI=/usr/bin/aws scripts/e2e-awscli.sh
