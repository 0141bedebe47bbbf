/**
 * What {@code tandem status}, the SIGUSR1/SIGUSR2 dumps and the HTTP endpoint show: immutable
 * views of a running daemon ({@link io.tandem.status.DaemonStatus}) and their renderings as text
 * and JSON. JDK only, no I/O: the daemon builds the views from what its parts publish, so the
 * renderings can be unit-tested on made-up values.
 */
package io.tandem.status;
