#!/usr/bin/env bash
# Reproduces the figures of example-spark/README.md: builds the module and its test classes, then
#   measure.sh bytes                    bytes per step at V = 20,000 and V = 500,000
#   measure.sh speed [TRAIN DEV] [B...] windows per second, local[2] beside 2 threads
# Run from the repository root; takes a few minutes on two cores.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl example-spark -am -DskipTests -Dinvoker.skip=true test-compile \
  dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=test
flags=$(sed -n "s:.*<spark.jvm.flags>\(.*\)</spark.jvm.flags>.*:\1:p" example-spark/pom.xml)
cp="example-spark/target/test-classes:example-spark/target/classes:$(cat example-spark/target/classpath.txt)"
# shellcheck disable=SC2086
exec java $flags -Xmx6g -cp "$cp" io.github.chainrule.example.spark.SparkStepReport "$@"
