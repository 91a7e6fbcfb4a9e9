#!/usr/bin/env bash
# Local stand-in for the Spark image's /opt/entrypoint.sh, with the same contract:
#   driver <spark-submit args>    spark-submit in client mode inside the driver pod
#   executor                      the executor backend, configured by SPARK_* environment variables
#   anything else                 run as given
# The driver's JVM command comes from Spark's own launcher library (what bin/spark-class uses), so
# heap size, Java module options and classpath are Spark's, not ours.
set -eo pipefail

SPARK_CLASSPATH="${SPARK_CONF_DIR:-$SPARK_HOME/conf}:${SPARK_HOME}/jars/*:$PWD"

launcher() {
  "$JAVA_HOME/bin/java" -Xmx128m -cp "$SPARK_HOME/jars/*" org.apache.spark.launcher.Main "$@"
  printf '%d\0' $?
}

case "$1" in
  driver)
    shift
    # The launcher prints its messages, a NUL line, then the command as NUL-separated words; the
    # launcher's own exit code is appended last.
    command=()
    first=true
    while IFS= read -r -d '' word; do
      if $first; then
        [[ -n $word ]] && printf '%s\n' "$word" >&2
        first=false
        continue
      fi
      command+=("${word#$'\n'}")
    done < <(launcher org.apache.spark.deploy.SparkSubmit \
      --conf "spark.driver.bindAddress=$SPARK_DRIVER_BIND_ADDRESS" \
      --conf "spark.executorEnv.SPARK_DRIVER_POD_IP=$SPARK_DRIVER_BIND_ADDRESS" \
      --deploy-mode client "$@")
    if ((${#command[@]} < 2)); then
      echo "spark launcher produced no command" >&2
      exit 1
    fi
    status=${command[-1]}
    unset 'command[-1]'
    if [[ $status != 0 ]]; then
      exit "$status"
    fi
    exec "${command[@]}"
    ;;
  executor)
    shift
    opts=()
    for v in "${!SPARK_JAVA_OPT_@}"; do
      opts+=("${!v}")
    done
    exec "$JAVA_HOME/bin/java" "${opts[@]}" \
      -Xms"$SPARK_EXECUTOR_MEMORY" -Xmx"$SPARK_EXECUTOR_MEMORY" \
      -cp "$SPARK_CLASSPATH" \
      org.apache.spark.scheduler.cluster.k8s.KubernetesExecutorBackend \
      --driver-url "$SPARK_DRIVER_URL" \
      --executor-id "$SPARK_EXECUTOR_ID" \
      --cores "$SPARK_EXECUTOR_CORES" \
      --app-id "$SPARK_APPLICATION_ID" \
      --hostname "$SPARK_EXECUTOR_POD_IP" \
      --resourceProfileId "$SPARK_RESOURCE_PROFILE_ID" \
      --podName "$SPARK_EXECUTOR_POD_NAME"
    ;;
  *)
    exec "$@"
    ;;
esac
