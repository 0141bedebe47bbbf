#!/bin/bash
#
# check_mysql-world-writable.sh - identical to check_mysql.sh, but the test
# harness chmods this copy to 0777 after materialising the corpus so that
# keepalived considers it insecure ("Unsafe permissions found for script").
# It is never executed.
#
ADMIN=$(command -v mariadb-admin || command -v mysqladmin) || exit 2
"$ADMIN" --connect-timeout=3 --socket=/run/mysqld/mysqld.sock ping >/dev/null 2>&1
