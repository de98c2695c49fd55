# Shared by the bin/ launchers: find the repository, build a module's runnable jar when it is
# missing or older than the sources, then run it. Sourced, not executed.

FM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

fm_require() {
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "follower-maze: '$1' is not installed; $2" >&2
    exit 2
  fi
}

# fm_run MODULE JAR_NAME ARGS... : build MODULE if needed, then exec its jar with ARGS.
fm_run() {
  local module="$1" jar="$FM_ROOT/$1/target/$2"
  shift 2
  fm_require java "install a Java 17+ JDK"
  if [[ ! -f "$jar" || -n "$(find "$FM_ROOT" -path "$FM_ROOT/*/src/main/*" -newer "$jar" -print -quit 2>/dev/null)" \
        || "$FM_ROOT/pom.xml" -nt "$jar" || "$FM_ROOT/$module/pom.xml" -nt "$jar" ]]; then
    fm_require mvn "install Apache Maven 3.8+ (it builds the project on first use)"
    echo "follower-maze: building $module (first run or sources changed)..." >&2
    local log
    log="$(mktemp)"
    if ! mvn -q -B -f "$FM_ROOT/pom.xml" -pl "$module" -am package -DskipTests >"$log" 2>&1; then
      cat "$log" >&2
      rm -f "$log"
      echo "follower-maze: the build failed (output above)" >&2
      exit 2
    fi
    rm -f "$log"
    # Maven leaves an up-to-date jar as it was: without this, a change in another module's
    # sources would make every later launch build again.
    touch "$jar"
  fi
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
  exec java ${JAVA_OPTS:-} -jar "$jar" "$@"
}
