# SPDX-License-Identifier: Apache-2.0
# Shared by the scripts in scripts/: find a JDK >= 22, make sure libpcap and Maven are there,
# and build the project the first time. Source it; it defines functions and sets ROOT.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
MIN_JAVA=22

is_root() { [ "$(id -u)" -eq 0 ]; }
has_apt() { command -v apt-get >/dev/null 2>&1; }

# The feature version of the java binary at $1 (e.g. 25), or 0.
java_version_of() {
  local out
  out="$("$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n1)" || true
  echo "${out:-0}" | sed 's/^1\.//; s/[^0-9].*//'
}

# Sets JAVA_HOME to a JDK >= 22: JAVA_HOME if it qualifies, else the newest under /usr/lib/jvm.
find_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ] && [ "$(java_version_of "$JAVA_HOME/bin/java")" -ge "$MIN_JAVA" ]; then
    export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
    return
  fi
  local best="" best_version=0 dir version
  for dir in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -x "$dir/bin/javac" ] || continue
    version="$(java_version_of "$dir/bin/java")"
    if [ "$version" -ge "$MIN_JAVA" ] && [ "$version" -gt "$best_version" ]; then
      best="$dir"
      best_version="$version"
    fi
  done
  if [ -z "$best" ]; then
    cat >&2 <<MSG
netlistener needs a JDK $MIN_JAVA or newer (for the Foreign Function & Memory API), and none was found
in JAVA_HOME (${JAVA_HOME:-unset}) or /usr/lib/jvm. Install one, for example:
  Debian 13 / Ubuntu 24.04+:  sudo apt-get install -y openjdk-25-jdk
  Debian 12 / older Ubuntu:   Temurin 25 from https://adoptium.net/installation/linux/
                              (sudo apt-get install -y temurin-25-jdk after adding its apt repository)
then run this again (or point JAVA_HOME at it).
MSG
    exit 1
  fi
  export JAVA_HOME="$best" PATH="$best/bin:$PATH"
}

# Installs (as root with apt) or names the Debian packages given as "package:check-command".
ensure_packages() {
  local missing=() spec package check
  for spec in "$@"; do
    package="${spec%%:*}"
    check="${spec#*:}"
    if ! eval "$check" >/dev/null 2>&1; then
      missing+=("$package")
    fi
  done
  [ "${#missing[@]}" -eq 0 ] && return
  if is_root && has_apt; then
    echo "Installing ${missing[*]} ..." >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; }
  else
    echo "Missing: ${missing[*]}. Install with:" >&2
    echo "  sudo apt-get install -y ${missing[*]}     (Debian/Ubuntu; Fedora: sudo dnf install -y libpcap-devel maven)" >&2
    exit 1
  fi
}

has_libpcap() {
  # Not grep -q: under pipefail, grep quitting early can kill ldconfig with SIGPIPE and fail the
  # pipeline although the library is there. And one glob per candidate: ls fails if any is empty.
  ldconfig -p 2>/dev/null | grep 'libpcap\.so' >/dev/null \
    || compgen -G '/usr/lib/*/libpcap.so*' >/dev/null || compgen -G '/usr/lib/libpcap.so*' >/dev/null
}

ensure_build_tools() {
  find_jdk
  ensure_packages "libpcap-dev:has_libpcap && test -f /usr/include/pcap/pcap.h" "maven:command -v mvn"
  # JDK 24+ warns about Maven's own use of sun.misc.Unsafe; that is Maven's business, not ours.
  if [ "$(java_version_of "$JAVA_HOME/bin/java")" -ge 24 ]; then
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  fi
}

SAMPLES_JAR="$ROOT/capture-samples/target/netlistener-samples.jar"

# Builds the runnable samples jar when it is missing or older than any source or pom.
ensure_samples_jar() {
  ensure_build_tools
  if [ ! -f "$SAMPLES_JAR" ] || [ -n "$(find "$ROOT" -path "$ROOT/*/target" -prune -o \( -name '*.java' -o -name pom.xml \) -newer "$SAMPLES_JAR" -print -quit)" ]; then
    echo "Building netlistener (first run or sources changed) ..." >&2
    (cd "$ROOT" && mvn -q -B -Dstyle.color=never -DskipTests -Dmaven.javadoc.skip -Dmaven.source.skip -pl capture-samples -am package) >&2
  fi
}

# Runs a sample program from the samples jar: run_sample <name> [args...]
# Apache Arrow's Java memory (the --arrow, --parquet outputs) reads java.nio.Buffer's address and
# uses sun.misc.Unsafe, which JDK 24+ warns about unless allowed.
run_sample() {
  ensure_samples_jar
  local options=(--enable-native-access=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED)
  if [ "$(java_version_of "$JAVA_HOME/bin/java")" -ge 24 ]; then
    options+=(--sun-misc-unsafe-memory-access=allow)
  fi
  exec "$JAVA_HOME/bin/java" "${options[@]}" -jar "$SAMPLES_JAR" "$@"
}
