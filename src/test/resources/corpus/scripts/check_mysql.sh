#!/bin/bash
#
# check_mysql.sh - keepalived vrrp_script health check for the local mysqld.
#
# Exit 0 when the local MySQL/MariaDB server answers a ping, non-zero otherwise.
# keepalived only looks at the exit status; output is discarded.
#
# Credentials are read from a client option file so they never show up in
# `ps` output. Example /etc/keepalived/.my.cnf (mode 0600, owner root):
#   [client]
#   user=keepalived_chk
#   password=...
#
DEFAULTS_FILE="/etc/keepalived/.my.cnf"
SOCKET="/run/mysqld/mysqld.sock"
TIMEOUT=3

ADMIN=$(command -v mariadb-admin || command -v mysqladmin) || exit 2

opts=(--connect-timeout="$TIMEOUT" --socket="$SOCKET")
if [ -r "$DEFAULTS_FILE" ]; then
    opts=(--defaults-extra-file="$DEFAULTS_FILE" "${opts[@]}")
fi

# `ping` returns 0 if the server is running, even when access is denied,
# which is exactly what we want for a liveness check.
if "$ADMIN" "${opts[@]}" ping >/dev/null 2>&1; then
    exit 0
fi

exit 1
