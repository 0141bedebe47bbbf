# Sourced by bin/tandem and the project's scripts. Defines tandem_find_jdk, which prints the
# home of a JDK whose feature version is at least 25 and returns 0, or prints a clear message
# to stderr and returns 1. Looks at, in order: $TANDEM_JAVA_HOME, $JAVA_HOME, Temurin 25 and any
# other JDK under /usr/lib/jvm, then `java` on PATH.

tandem_jdk_feature() { # $1 = JDK home; prints its feature version (25 for "25.0.1")
    local v
    if [ -r "$1/release" ]; then
        v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release")
    elif [ -x "$1/bin/java" ]; then
        v=$("$1/bin/java" -version 2>&1 | sed -n '1s/.*version "\([0-9]*\).*/\1/p')
    fi
    printf '%s' "${v:-0}"
}

tandem_find_jdk() {
    local c tried=""
    for c in "${TANDEM_JAVA_HOME:-}" "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk* /usr/lib/jvm/*; do
        [ -n "$c" ] && [ -x "$c/bin/java" ] || continue
        if [ "$(tandem_jdk_feature "$c")" -ge 25 ] 2>/dev/null; then
            printf '%s\n' "$c"
            return 0
        fi
        tried="$tried $c"
    done
    if command -v java >/dev/null 2>&1; then
        c=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
        if [ "$(tandem_jdk_feature "$c")" -ge 25 ] 2>/dev/null; then
            printf '%s\n' "$c"
            return 0
        fi
        tried="$tried $c"
    fi
    {
        echo "tandem: no Java 25 found (tried:${tried:- nothing})."
        echo "tandem: install a JDK 25 (for example Temurin 25) or set TANDEM_JAVA_HOME to one."
    } >&2
    return 1
}
