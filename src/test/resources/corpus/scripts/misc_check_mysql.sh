#!/bin/bash
#
# misc_check_mysql.sh HOST PORT - MISC_CHECK for an LVS real server.
#
# Used with misc_dynamic: keepalived interprets the exit code as
#   0     healthy, keep the configured weight
#   1     unhealthy, remove from the pool
#   2-255 healthy, set weight to (exit code - 2)
# Replicas lagging behind the source get a lower weight.
#
HOST=${1:?host}
PORT=${2:-3306}
DEFAULTS_FILE="/etc/keepalived/.my.cnf"
MAX_LAG=30

set -o pipefail

CLIENT=$(command -v mariadb || command -v mysql) || exit 1
opts=(--connect-timeout=3 -h "$HOST" -P "$PORT" -N -B)
[ -r "$DEFAULTS_FILE" ] && opts=(--defaults-extra-file="$DEFAULTS_FILE" "${opts[@]}")

lag=$("$CLIENT" "${opts[@]}" -e 'SHOW SLAVE STATUS\G' 2>/dev/null \
      | awk -F': ' '/Seconds_Behind_Master/ {print $2}')

# Query failed entirely: server down.
[ $? -ne 0 ] && exit 1
# Not a replica (or replication not configured): full weight.
[ -z "$lag" ] && exit 0
# Replication broken.
[ "$lag" = "NULL" ] && exit 1
# Lagging: weight 1 (exit 3), otherwise full weight.
[ "$lag" -gt "$MAX_LAG" ] && exit 3
exit 0
