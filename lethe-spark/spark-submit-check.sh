#!/usr/bin/env bash
# Builds lethe-spark's job jar and runs it with spark-submit as a cluster would: Spark and Delta from
# the Spark installation, Lethe from the one jar. Imports a CSV into a Delta table and erases a subject.
# With SPARK_HOME set, uses $SPARK_HOME/bin/spark-submit (add Delta with --packages or its jars there);
# without, runs spark-submit's class on a plain Spark 4.1 + Delta 4.1 class path that Maven resolves
# (once, from Maven Central) outside Lethe's build, so no Lethe dependency version leaks into it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
(cd "$root" && mvn -B -q -o -pl lethe-spark -am -DskipTests package)
jar=$(ls "$root"/lethe-spark/target/lethe-spark-*-job.jar)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
flags=$(sed -n 's:.*<spark.jvm.flags>\(.*\)</spark.jvm.flags>.*:\1:p' "$root/lethe-spark/pom.xml")
if [ -n "${SPARK_HOME:-}" ]; then
  submit() { "$SPARK_HOME/bin/spark-submit" "$@"; }
else
  cat > "$work/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>check</groupId><artifactId>spark</artifactId><version>1</version><packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.spark</groupId><artifactId>spark-sql_2.13</artifactId><version>4.1.0</version></dependency>
    <dependency><groupId>org.apache.spark</groupId><artifactId>spark-mllib_2.13</artifactId><version>4.1.0</version></dependency>
    <dependency><groupId>io.delta</groupId><artifactId>delta-spark_2.13</artifactId><version>4.1.0</version></dependency>
  </dependencies></project>
POM
  (cd "$work" && mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath -Dmdep.outputFile=cp.txt)
  # shellcheck disable=SC2086
  submit() { java $flags -cp "$(cat "$work/cp.txt")" org.apache.spark.deploy.SparkSubmit "$@"; }
fi
printf 'person,age,income,label\nalice,31.5,1200.25,yes\nbob,42.1,1500.75,no\nalice,33.3,1250.5,no\n' > "$work/people.csv"
cd "$work"
run() { submit --master 'local[2]' --conf "spark.driver.extraJavaOptions=$flags" --class dev.lethe.spark.cli.SparkMain "$jar" "$@"; }
run import --table people.csv --format csv --subject person --into lake/people
out=$(run erase --table lake/people --subject alice --vacuum-retention-hours 0 --override-retention-check)
echo "$out"
grep -q 'lake_rows_deleted: 2' <<<"$out" && grep -q 'lake_files_physically_gone: true' <<<"$out"
echo "spark-submit check: OK"
