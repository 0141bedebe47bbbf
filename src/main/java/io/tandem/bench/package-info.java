/**
 * Benchmarks that run Tandem and keepalived side by side in lab namespaces. A tool like the lab's
 * demonstration, not part of the daemon: {@link io.tandem.bench.VrrpBench} (run by
 * {@code scripts/bench-vrrp}) measures the client outage of VRRP failovers, the daemons' memory and
 * their start-up time to the first advert; {@link io.tandem.bench.MysqlFailoverBench} (run by
 * {@code scripts/bench-mysql}) times kill -9 of the master's mysqld to the VIP move and the first
 * write through the VIP, with MariaDB master-master and a JDBC client (Connector/J is on the class
 * path for it).
 *
 * <p>Uses {@code lab} (namespaces, processes, captures), {@code linux} ({@code NetNamespace}, to run
 * the probe client and the tiny TCP responders inside lab hosts) and {@code vrrp} (timer arithmetic
 * for the targets). Every wait is bounded; everything is torn down in {@code finally}.
 */
package io.tandem.bench;
