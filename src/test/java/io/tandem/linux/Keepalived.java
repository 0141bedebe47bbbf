package io.tandem.linux;

import io.tandem.lab.Host;
import io.tandem.lab.LabProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Real keepalived 2.2 in a lab host, one VRRP instance {@code VI_1} on eth0, in the foreground with a detailed log. */
final class Keepalived {
    static final Path BINARY = Path.of("/usr/sbin/keepalived");

    private Keepalived() {}

    static boolean isInstalled() {
        return Files.isExecutable(BINARY);
    }

    /**
     * Starts keepalived in {@code host} as BACKUP with the given instance settings; returns once it runs.
     *
     * @param instanceLines extra lines inside {@code vrrp_instance}, e.g. {@code "version 3"} or an
     *                      {@code authentication} block
     */
    static LabProcess start(Host host, int vrid, int priority, String vip, String instanceLines) throws IOException {
        Path conf = host.dir().resolve("keepalived.conf");
        Files.writeString(conf, """
                global_defs {
                    router_id %s
                }
                vrrp_instance VI_1 {
                    state BACKUP
                    interface eth0
                    virtual_router_id %d
                    priority %d
                    advert_int 1
                %s
                    virtual_ipaddress {
                        %s/24
                    }
                }
                """.formatted(host.name(), vrid, priority, instanceLines.indent(4).stripTrailing(), vip));
        // -n -l -D -f conf, with its own pid files so it never meets another keepalived
        return host.spawn("keepalived", BINARY.toString(), "-n", "-l", "-D", "--no-syslog", "--vrrp", "-f", conf.toString(),
                "--pid=" + host.dir().resolve("keepalived.pid"), "--vrrp_pid=" + host.dir().resolve("keepalived-vrrp.pid"));
    }
}
