#!/bin/bash
#
# regen-keepalived-output.sh - re-run `keepalived -t` on every top-level
# corpus file and rewrite keepalived-output/*.txt. Checks the exit codes
# against MANIFEST.tsv. Must run as root on a host with keepalived 2.2.7.
#
# It materialises the corpus into a fresh root-owned 0755 directory under
# /run (never under a world-writable directory), substitutes @CORPUS@,
# creates a throw-away network namespace with eth0 192.168.1.10/24 and
# eth1 10.0.0.10/24 (veth pairs), runs `keepalived -t -l -n -f FILE` in it
# and removes both afterwards. keepalived is never started as a daemon.
#
# Usage: tools/regen-keepalived-output.sh [--check]   (--check: compare, don't write)
#
set -u
CORPUS=$(cd "$(dirname "$0")/.." && pwd)
CHECK_ONLY=0
[ "${1:-}" = "--check" ] && CHECK_ONLY=1

NS=tandem-corpus-$$
MAT=$(mktemp -d /run/tandem-corpus.XXXXXX) || exit 1
OUT=$(mktemp -d /run/tandem-corpus-out.XXXXXX) || exit 1

cleanup() {
    ip netns del "$NS" 2>/dev/null
    rm -rf -- "$MAT" "$OUT"
}
trap cleanup EXIT

# 1. materialise: root-owned, 0755 dirs, 0644 files, 0755 scripts
cp -r "$CORPUS/." "$MAT/"
chown -R root:root "$MAT"
find "$MAT" -type d -exec chmod 0755 {} +
find "$MAT" -type f -exec chmod 0644 {} +
find "$MAT/scripts" -type f -name '*.sh' -exec chmod 0755 {} +
find "$MAT" -type f -name '*.conf' -exec sed -i "s#@CORPUS@#$MAT#g" {} +
# the deliberately insecure script
chmod 0777 "$MAT/scripts/check_mysql-world-writable.sh"

# 2. namespace: lo up, eth0 192.168.1.10/24, eth1 10.0.0.10/24 (peers left down)
ip netns add "$NS" || exit 1
ip -n "$NS" link set lo up
ip -n "$NS" link add eth0 type veth peer name eth0p
ip -n "$NS" addr add 192.168.1.10/24 dev eth0
ip -n "$NS" link set eth0 up
ip -n "$NS" link add eth1 type veth peer name eth1p
ip -n "$NS" addr add 10.0.0.10/24 dev eth1
ip -n "$NS" link set eth1 up

# 3. run
fail=0
for conf in "$MAT"/[0-9][0-9]-*.conf; do
    name=$(basename "$conf" .conf)
    (cd / && ip netns exec "$NS" keepalived -t -l -n -f "$conf" >/dev/null 2>"$OUT/$name.err")
    rc=$?
    sed "s#$MAT#@CORPUS@#g" "$OUT/$name.err" > "$OUT/$name.txt"
    want=$(awk -F'\t' -v f="$name.conf" '$1 == f {print $2}' "$CORPUS/MANIFEST.tsv" 2>/dev/null)
    status=ok
    if [ "$rc" != "$want" ]; then status="MISMATCH (manifest: ${want:-none})"; fail=1; fi
    if [ $CHECK_ONLY = 1 ] && ! cmp -s "$OUT/$name.txt" "$CORPUS/keepalived-output/$name.txt"; then
        status="$status, output differs"; fail=1
    fi
    printf '%-45s %s  %s\n' "$name.conf" "$rc" "$status"
    [ $CHECK_ONLY = 0 ] && cp "$OUT/$name.txt" "$CORPUS/keepalived-output/$name.txt"
done
exit $fail
