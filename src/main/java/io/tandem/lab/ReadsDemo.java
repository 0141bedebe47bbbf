package io.tandem.lab;

import static io.tandem.lab.FailoverDemo.await;
import static io.tandem.lab.FailoverDemo.holds;
import static io.tandem.lab.FailoverDemo.since;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * The demonstration's third act, the reads: two load-balancer hosts run Tandem with a read VIP
 * (VRRP, tracking the proxy itself through {@code check_virtual_server}) and a
 * {@code virtual_server} on it over the two replicas, each checked by a {@code MYSQL_CHECK} with
 * {@code max_lag}. Reads through the VIP are spread over both; mysqld on one replica is killed and
 * the reads go on, answered by the other; the active balancer is killed and the reads go on
 * through the other balancer. Prints what each step took and the balancer's status.
 */
final class ReadsDemo {
    private final Lab lab;
    private final PrintStream out;
    private final Path tandem;
    private final Map<String, Duration> timings;

    ReadsDemo(Lab lab, PrintStream out, Path tandem, Map<String, Duration> timings) {
        this.lab = lab;
        this.out = out;
        this.tandem = tandem;
        this.timings = timings;
    }

    void run(MariaDb r1, MariaDb r2) throws IOException, InterruptedException {
        FailoverDemo.accounts(r1); // the replicas take no binlog of the masters' accounts: their own, not replicated
        FailoverDemo.accounts(r2);
        Host lb1 = lab.addHost("lb1");
        Host lb2 = lab.addHost("lb2");
        Host reader = lab.addHost("reader");
        String vip = lab.subnet().address(101).getHostAddress();
        out.println();
        out.println("--- Read VIP " + vip + ": Tandem on lb1 (priority 150) and lb2 (priority 100), a virtual_server over r1 and r2 ---");
        long t = System.nanoTime();
        LabProcess t1 = start(lb1, 150, vip, r1, r2);
        LabProcess t2 = start(lb2, 100, vip, r1, r2);
        await(() -> holds(lb1, vip) && !holds(lb2, vip), "read VIP on lb1", t1, t2);
        await(() -> read(reader, vip).matches("\\d+"), "a read through the VIP", t1, t2);
        timings.put("Tandem start to reads through the read VIP", since(t));

        Map<String, Integer> spread = reads(reader, vip, 10);
        out.printf("10 reads through the read VIP, a new connection each, answered by server_id: %s (r1 is %d, r2 is %d)%n",
                spread, r1.serverId(), r2.serverId());

        out.println("kill -9 of mysqld on r1...");
        long killed = System.nanoTime();
        r1.kill9();
        Map<String, Integer> during = reads(reader, vip, 10);
        Duration tenReads = since(killed);
        String down = "real_server " + r1.address().getHostAddress() + ":3306 down";
        await(() -> t1.logText().contains(down), "r1 out of the pool", t1, t2);
        Duration out1 = since(killed);
        timings.put("kill -9 mysqld on r1 to r1 out of the read pool", out1);
        out.printf("the next 10 reads (%d ms): %s; a refused connect is retried on the next replica at once,"
                + " and r1's check took it out within %d ms%n", tenReads.toMillis(), during, out1.toMillis());

        out.println("kill -9 of Tandem on lb1 (the active balancer)...");
        long lbKilled = System.nanoTime();
        t1.kill();
        await(() -> holds(lb2, vip), "read VIP on lb2", t1, t2);
        await(() -> read(reader, vip).matches("\\d+"), "a read through lb2", t1, t2);
        Duration overLb2 = since(lbKilled);
        timings.put("kill -9 Tandem on lb1 to first read through lb2", overLb2);
        out.printf("read VIP on lb2, first read through it after %d ms (lb1's adverts stop; lb2 waits the master-down"
                + " interval); reads: %s%n", overLb2.toMillis(), reads(reader, vip, 4));
        out.println();
        out.println("--- tandem status on lb2 ---");
        CommandResult status = lb2.exec(Duration.ofSeconds(30), tandem.toString(), "status", "-p",
                lb2.dir().resolve("tandem.pid").toString());
        status.stdout().lines().map(String::strip).filter(l -> l.startsWith("vrrp_instance") || l.startsWith("virtual_server")
                || l.startsWith("real_server")).forEach(l -> out.println("  " + l));
        t2.terminate();
    }

    private LabProcess start(Host h, int priority, String vip, MariaDb r1, MariaDb r2) throws IOException {
        Path conf = h.dir().resolve("tandem.conf");
        String real = """
                    real_server %s 3306 {
                        MYSQL_CHECK {
                            user tandem
                            password %s
                            connect_timeout 0.5
                            max_lag 5
                            retry 0
                        }
                    }
                """;
        Files.writeString(conf, """
                global_defs {
                    router_id %1$s
                    enable_script_security
                    script_user root
                }
                vrrp_script chk_reads {
                    check_virtual_server %2$s 3306
                    interval 0.5
                    fall 2
                    rise 2
                }
                vrrp_instance VI_READ {
                    state BACKUP
                    interface eth0
                    virtual_router_id 52
                    priority %3$d
                    advert_int 1
                    track_script {
                        chk_reads
                    }
                    virtual_ipaddress {
                        %2$s/24
                    }
                }
                virtual_server %2$s 3306 {
                    delay_loop 0.5
                    lb_algo rr
                    lb_kind NAT
                    protocol TCP
                %4$s%5$s}
                """.formatted(h.name(), vip, priority, real.formatted(r1.address().getHostAddress(), FailoverDemo.TANDEM_PASSWORD),
                real.formatted(r2.address().getHostAddress(), FailoverDemo.TANDEM_PASSWORD)));
        LabProcess p = h.spawn("tandem", tandem.toString(), "-n", "-l", "-f", conf.toString(), "-p",
                h.dir().resolve("tandem.pid").toString());
        p.awaitLog("virtual_server " + vip + ":3306: listening", Duration.ofSeconds(60));
        return p;
    }

    /** One read on a new connection through the VIP: the answering server's server_id, or the error. */
    private static String read(Host reader, String vip) {
        CommandResult r = reader.exec(Duration.ofSeconds(10), "mariadb", "--no-defaults", "-h", vip, "-u", "app",
                "-p" + FailoverDemo.APP_PASSWORD, "--connect-timeout=2", "-N", "-B", "-e", "SELECT @@server_id");
        return r.ok() ? r.stdout().strip() : "error";
    }

    /** {@code n} reads; how many each server_id answered ("error" for failed ones). */
    private static Map<String, Integer> reads(Host reader, String vip, int n) {
        Map<String, Integer> by = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            by.merge(read(reader, vip), 1, Integer::sum);
        }
        return by;
    }
}
