/**
 * The test lab: Linux network namespaces on a private bridge, daemons inside them, and MariaDB
 * servers with GTID replication, for integration tests, benchmarks and demonstrations.
 *
 * <ul>
 *   <li>{@link io.tandem.lab.Lab} creates a run ({@code Lab.create()}), adds hosts and tears
 *       everything down on {@code close()}, on JVM shutdown, or (after a crash) on the next run.</li>
 *   <li>{@link io.tandem.lab.Host} runs commands and daemons in its namespace, captures packets and
 *       cuts or restores its link.</li>
 *   <li>{@link io.tandem.lab.MariaDb} and {@link io.tandem.lab.Replication} run servers and wire
 *       them into master-master pairs and replicas.</li>
 * </ul>
 *
 * <p>Rules the lab keeps: no address or route is ever added to the root namespace (links are made
 * from inside the switch namespace); every wait is bounded; only processes the lab started (or that
 * live inside its own namespaces) are ever signalled. JDK only; needs root, iproute2, and for
 * servers Debian's mariadb-server. {@link io.tandem.lab.Demo} shows it all in one run.
 */
package io.tandem.lab;
