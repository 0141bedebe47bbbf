package io.tandem.lab;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A running (or finished) {@code tcpdump} inside a host, writing a pcap file. Packets are written
 * as they arrive ({@code -U --immediate-mode}), so {@link #packets()} sees them while the capture
 * runs; {@link #stop()} before a final read to be sure the last packets are in the file.
 */
public final class Capture {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);

    private final Host host;
    private final String ifname;
    private final String filter;
    private final Path path;
    private final LabProcess process;

    private Capture(Host host, String ifname, String filter, Path path, LabProcess process) {
        this.host = host;
        this.ifname = ifname;
        this.filter = filter;
        this.path = path;
        this.process = process;
    }

    static Capture start(Host host, String ifname, String filter) {
        String base = "capture-" + ifname;
        int n = 1;
        while (host.dir().resolve(n == 1 ? base + ".pcap" : base + "-" + n + ".pcap").toFile().exists()) {
            n++;
        }
        Path path = host.dir().resolve(n == 1 ? base + ".pcap" : base + "-" + n + ".pcap");
        List<String> command = new ArrayList<>(List.of("tcpdump", "-i", ifname, "-n", "-U", "--immediate-mode",
                "-Z", "root", "-w", path.toString()));
        if (filter != null && !filter.isBlank()) {
            command.add(filter);
        }
        LabProcess process = host.spawn("tcpdump-" + ifname, command.toArray(String[]::new));
        process.awaitLog("listening on", READY_TIMEOUT);
        return new Capture(host, ifname, filter == null ? "" : filter, path, process);
    }

    /** The host the capture runs in. */
    public Host host() {
        return host;
    }

    /** The captured interface. */
    public String ifname() {
        return ifname;
    }

    /** The pcap filter ("" for all packets). */
    public String filter() {
        return filter;
    }

    /** The pcap file, readable with {@code tcpdump -r} or Wireshark; removed when the lab closes. */
    public Path path() {
        return path;
    }

    /** The tcpdump process. */
    public LabProcess process() {
        return process;
    }

    /**
     * Stops tcpdump (SIGINT, so it flushes and exits cleanly; SIGKILL after 10 s) and returns this
     * capture for reading. Idempotent.
     */
    public Capture stop() {
        if (process.isAlive()) {
            process.signal(Signal.INT);
            if (!process.waitFor(LabProcess.DEFAULT_GRACE)) {
                process.kill();
            }
        }
        return this;
    }

    /**
     * The packets captured so far, one line each, as {@code tcpdump -r <file> -n -tt} prints them
     * (epoch timestamps, no name resolution).
     */
    public List<String> packets() {
        return read();
    }

    /**
     * Reads the pcap file with {@code tcpdump -r <file> -n -tt} plus {@code tcpdumpArgs}, e.g.
     * {@code "-v"}, {@code "-e"}, or a filter expression as the last argument.
     *
     * @throws LabException when tcpdump fails
     */
    public List<String> read(String... tcpdumpArgs) {
        List<String> command = new ArrayList<>(List.of("tcpdump", "-r", path.toString(), "-n", "-tt", "-Z", "root"));
        command.addAll(List.of(tcpdumpArgs));
        return Exec.run(Exec.DEFAULT_TIMEOUT, command).orThrow().lines();
    }

    @Override
    public String toString() {
        return "Capture[" + host.name() + ":" + ifname + " '" + filter + "' -> " + path + "]";
    }
}
