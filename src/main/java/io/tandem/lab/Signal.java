package io.tandem.lab;

/** The POSIX signals a lab sends to its daemons; the names are those {@code kill -s} accepts. */
public enum Signal {
    HUP, INT, KILL, USR1, USR2, TERM, STOP, CONT
}
