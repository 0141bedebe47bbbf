#!/bin/sh
#
# chk_haproxy.sh - succeed while an haproxy process is alive.
# Equivalent to the well-known `killall -0 haproxy` check, without
# needing psmisc installed: signal 0 only tests for existence.
#
for pid in $(pidof haproxy 2>/dev/null); do
    kill -0 "$pid" 2>/dev/null && exit 0
done
exit 1
