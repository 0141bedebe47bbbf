#!/bin/sh
#
# kill_keepalived.sh - notify_down script for the MySQL real_server.
#
# When the local mysqld stops answering, stop keepalived on this node so the
# VIP moves to the peer (the classic MySQL master-master recipe uses
# `pkill keepalived` here). This version only signals the pid recorded in
# keepalived's own pid file, and does nothing if that file is absent.
#
PIDFILE=/run/keepalived.pid

logger -t kill_keepalived -p daemon.warning -- "mysqld on $(hostname) is down, stopping keepalived"

if [ -s "$PIDFILE" ]; then
    kill -TERM "$(cat "$PIDFILE")" 2>/dev/null
fi

exit 0
