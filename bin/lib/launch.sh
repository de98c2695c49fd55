# Shared by the bin/ launchers: find the repository, build a module's runnable jar when it is
# missing or older than the sources, then run it. Sourced, not executed.

FM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# The launcher's name, for the lines printed before Java runs: follower-maze, loadgen...
FM_LAUNCHER="$(basename "${BASH_SOURCE[1]:-follower-maze}")"

fm_require() {
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "$FM_LAUNCHER: '$1' is not installed; $2" >&2
    exit 2
  fi
}

# fm_stale JAR MODULE : whether JAR is missing or older than a source or POM it is built from.
fm_stale() {
  local jar="$1" module="$2"
  [[ ! -f "$jar" || -n "$(find "$FM_ROOT" -path "$FM_ROOT/*/src/main/*" -newer "$jar" -print -quit 2>/dev/null)" \
     || "$FM_ROOT/pom.xml" -nt "$jar" || "$FM_ROOT/$module/pom.xml" -nt "$jar" ]]
}

# fm_java_default OPTION PATTERN : puts OPTION in front of JAVA_OPTS unless JAVA_OPTS matches
# PATTERN (an extended regular expression: the user's own setting of it wins).
fm_java_default() {
  if [[ ! "${JAVA_OPTS:-}" =~ $2 ]]; then
    JAVA_OPTS="$1${JAVA_OPTS:+ $JAVA_OPTS}"
  fi
}

# fm_service_memory HEAP DIRECT : the services' memory limits, so that a JVM stays inside its
# budget (BENCHMARKS.md, memory) whatever the machine's size, instead of the JVM's default heap
# of a quarter of the machine's memory. JAVA_OPTS with its own heap or direct-memory limit keeps it.
fm_service_memory() {
  fm_java_default "-Xmx$1" '(^|[[:space:]])-(Xmx|XX:MaxRAM|XX:MaxRAMPercentage=|XX:MaxRAMFraction=)'
  fm_java_default "-XX:MaxDirectMemorySize=$2" '(^|[[:space:]])-XX:MaxDirectMemorySize='
}

# fm_parallel_gc : the parallel collector unless JAVA_OPTS names a collector of its own. On the
# 2-core machines of BENCHMARKS.md it costs the pipeline less CPU per event than G1, the JVM's
# default (no concurrent refinement or marking threads, cheaper write barriers), and its young
# pauses on the services' small heaps are short: fresh pipelines through RabbitMQ, 10M events,
# 3 runs alternating, gave a 1.30x median throughput and a lower p99 than G1 (BENCHMARKS.md).
fm_parallel_gc() {
  fm_java_default "-XX:+UseParallelGC" '(^|[[:space:]])-XX:[+]Use[A-Za-z0-9]+GC'
}

# fm_run MODULE JAR_NAME ARGS... : build MODULE if needed, then exec its jar with ARGS.
fm_run() {
  local module="$1" jar="$FM_ROOT/$1/target/$2"
  shift 2
  fm_require java "install a Java 17+ JDK"
  if fm_stale "$jar" "$module"; then
    fm_require mvn "install Apache Maven 3.8+ (it builds the project on first use)"
    # Launchers started together (a listener and three processors, say) build one at a time,
    # in the same tree: a lock, then a second look, since another may have just built it.
    mkdir -p "$FM_ROOT/target"
    exec 9>"$FM_ROOT/target/.build.lock"
    if command -v flock >/dev/null 2>&1; then
      flock 9
    else
      echo "$FM_LAUNCHER: 'flock' is not installed (util-linux): launchers started together may build at once" >&2
    fi
    if fm_stale "$jar" "$module"; then
      # One line before a build that can take a minute, and Maven's own output only if it fails.
      if [[ -d "${HOME:-}/.m2/repository/io/netty" ]]; then
        echo "$FM_LAUNCHER: building $module with Maven (first run of it, or its sources changed)..." >&2
      else
        echo "$FM_LAUNCHER: building with Maven (first run: downloads about 90 MB of dependencies once, about a minute)..." >&2
      fi
      local log
      log="$(mktemp)"
      if ! mvn -q -B -f "$FM_ROOT/pom.xml" -pl "$module" -am package -DskipTests >"$log" 2>&1; then
        tail -n 60 "$log" >&2
        rm -f "$log"
        echo "$FM_LAUNCHER: the build failed (the last lines of Maven's output are above)" >&2
        exit 2
      fi
      rm -f "$log"
      # Maven leaves a jar whose contents did not change untouched; mark it as current.
      touch "$jar"
    fi
    exec 9>&-
  fi
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
  exec java ${JAVA_OPTS:-} -jar "$jar" "$@"
}
