package io.tandem.daemon;

import io.tandem.lab.Host;
import io.tandem.lab.Lab;
import io.tandem.lab.LabProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A lab with two database hosts for VRRP tests: configurations in keepalived's syntax, Tandem and
 * keepalived daemons started in a host, and bounded polls of who holds the VIP.
 */
final class VrrpLab implements AutoCloseable {
    static final Path TANDEM = Path.of(System.getProperty("tandem.dist", "target/dist"), "bin", "tandem").toAbsolutePath();
    static final Duration WAIT = Duration.ofSeconds(20);

    final Lab lab;
    final Host db1;
    final Host db2;
    final String vip;

    VrrpLab() {
        lab = Lab.create();
        try {
            db1 = lab.addHost("db1");
            db2 = lab.addHost("db2");
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
        vip = lab.subnet().address(100).getHostAddress();
    }

    Host addHost(String name) {
        return lab.addHost(name);
    }

    /** One VRRP instance VI_W, VRID 51, 1 s adverts, the VIP on eth0; extra lines inside the instance and at the top. */
    String conf(Host h, int priority, int version, String extraInstance, String extraTop) {
        return """
                global_defs {
                    router_id %s
                    vrrp_version %d
                    enable_script_security
                    script_user root
                }
                %s
                vrrp_instance VI_W {
                    state BACKUP
                    interface eth0
                    virtual_router_id 51
                    priority %d
                    advert_int 1
                    %s
                    virtual_ipaddress {
                        %s/24 label eth0:vip
                    }
                }
                """.formatted(h.name(), version, extraTop, priority, extraInstance, vip);
    }

    LabProcess tandem(Host h, String conf) throws Exception {
        return tandem(h, conf, 1);
    }

    /** Starts Tandem with {@code conf} and waits until it runs its {@code instances} vrrp_instance(s). */
    LabProcess tandem(Host h, String conf, int instances) throws Exception {
        Path file = h.dir().resolve("tandem.conf");
        Files.writeString(file, conf);
        LabProcess p = h.spawn("tandem", TANDEM.toString(), "-n", "-l", "-D", "-f", file.toString(),
                "-p", h.dir().resolve("tandem.pid").toString());
        p.awaitLog("running " + instances + " vrrp_instance(s)", WAIT);
        return p;
    }

    /**
     * Starts Tandem as {@link #tandem(Host, String, int)} does, with {@code extra} flags and
     * {@code TMPDIR} set to the host's directory (so the SIGUSR1/SIGUSR2 dumps land there).
     */
    LabProcess tandemWith(Host h, String conf, int instances, String... extra) throws Exception {
        Path file = h.dir().resolve("tandem.conf");
        Files.writeString(file, conf);
        java.util.List<String> argv = new java.util.ArrayList<>(java.util.List.of("env", "TMPDIR=" + h.dir(), TANDEM.toString(),
                "-n", "-l", "-D", "-f", file.toString(), "-p", h.dir().resolve("tandem.pid").toString()));
        argv.addAll(java.util.List.of(extra));
        LabProcess p = h.spawn("tandem", argv.toArray(String[]::new));
        p.awaitLog("running " + instances + " vrrp_instance(s)", WAIT);
        return p;
    }

    LabProcess keepalived(Host h, String conf) throws Exception {
        Path file = h.dir().resolve("keepalived.conf");
        Files.writeString(file, conf);
        return h.spawn("keepalived", "keepalived", "--dont-fork", "--dont-respawn", "--log-console", "--log-detail",
                "--no-syslog", "--vrrp", "--use-file=" + file, "--pid=" + h.dir().resolve("keepalived.pid"),
                "--vrrp_pid=" + h.dir().resolve("keepalived-vrrp.pid"));
    }

    boolean holdsVip(Host h) {
        return holdsAddress(h, "eth0", vip);
    }

    /** Is {@code address}/24 configured on {@code ifname} of {@code h}? */
    static boolean holdsAddress(Host h, String ifname, String address) {
        return h.execOrThrow("ip", "-o", "-4", "addr", "show", "dev", ifname).stdout().contains(" " + address + "/24");
    }

    /** The MAC address that answers ARP for the VIP as seen from {@code client}, or null when nobody answers. */
    String vipMacSeenFrom(Host client) {
        var r = client.exec("arping", "-c", "1", "-w", "2", "-i", "eth0", vip);
        for (String line : r.stdout().lines().toList()) {
            int from = line.indexOf(" from ");
            if (from >= 0) {
                return line.substring(from + 6, line.indexOf(' ', from + 6));
            }
        }
        return null;
    }

    /** Polls (bounded by {@link #WAIT}) until {@code condition}; returns how long it took. */
    static Duration await(BooleanSupplier condition, Supplier<String> onTimeout) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT + ": " + onTimeout.get());
            }
            Thread.sleep(20);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    void awaitMaster(Host master, Host other, LabProcess a, LabProcess b) throws InterruptedException {
        await(() -> holdsVip(master) && !holdsVip(other), () -> "VIP on " + master.name() + " only; logs:\n"
                + a.tail(30) + "\n---\n" + b.tail(30));
    }

    @Override
    public void close() {
        lab.close();
    }
}
