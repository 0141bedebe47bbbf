#!/bin/sh
#
# notify.sh - keepalived state change notification.
#
# Called either as
#   notify.sh master|backup|fault            (notify_master/backup/fault)
# or, from a generic `notify` directive, as
#   notify.sh GROUP|INSTANCE <name> MASTER|BACKUP|FAULT|STOP <priority>
#
# It only logs; it never touches MySQL, the network or keepalived itself.
#
TAG="keepalived-notify"

if [ $# -ge 3 ]; then
    TYPE=$1; NAME=$2; STATE=$3; PRIO=${4:-}
    logger -t "$TAG" -p daemon.notice -- "$TYPE $NAME is now $STATE (priority $PRIO)"
else
    STATE=${1:-unknown}
    logger -t "$TAG" -p daemon.notice -- "transition to $STATE on $(hostname)"
fi

exit 0
