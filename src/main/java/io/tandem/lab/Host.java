package io.tandem.lab;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One machine of a {@link Lab}: a network namespace with {@code lo} and {@code eth0} on the lab
 * bridge. Commands and daemons run inside the namespace but share the filesystem with the test JVM,
 * so logs, captures and unix sockets are plain files in {@link #dir()}.
 */
public final class Host {
    /** The interface every host gets, carrying {@link #address()}. */
    public static final String PRIMARY_INTERFACE = "eth0";
    private static final Pattern INTERFACE_NAME = Pattern.compile("[a-z][a-z0-9]{0,9}");
    private static final Pattern PROCESS_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Duration EXEC_CONFIRM_TIMEOUT = Duration.ofSeconds(5);

    private final Lab lab;
    private final String name;
    private final int index;
    private final String namespace;
    private final Inet4Address address;
    private final Map<String, String> switchPorts = new HashMap<>();
    private final Map<String, Integer> spawnCounts = new HashMap<>();
    private MariaDb mariaDb;

    Host(Lab lab, String name, int index, String namespace, Inet4Address address) {
        this.lab = lab;
        this.name = name;
        this.index = index;
        this.namespace = namespace;
        this.address = address;
    }

    /** The lab this host belongs to. */
    public Lab lab() {
        return lab;
    }

    /** The short name given to {@link Lab#addHost}, e.g. {@code db1}. */
    public String name() {
        return name;
    }

    /** 1 for the first host added to the lab, 2 for the second, ... */
    public int index() {
        return index;
    }

    /** The network namespace, {@code tdm-<id>-<name>}. */
    public String namespace() {
        return namespace;
    }

    /** The address of {@code eth0} in the lab subnet. */
    public Inet4Address address() {
        return address;
    }

    /** The MAC address of {@code eth0}: {@code 02:00:} followed by the four bytes of {@link #address()}. */
    public String macAddress() {
        byte[] a = address.getAddress();
        return String.format("02:00:%02x:%02x:%02x:%02x", a[0] & 0xff, a[1] & 0xff, a[2] & 0xff, a[3] & 0xff);
    }

    /** This host's directory in the run directory (created on first use): logs, captures, data. */
    public Path dir() {
        Path dir = lab.dir().resolve(name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /**
     * Runs a command inside this host's namespace ({@code ip netns exec}) and waits at most 30 s.
     *
     * @return the result, whatever the exit code
     * @throws LabException when the command cannot start or times out (it is then killed)
     */
    public CommandResult exec(String... command) {
        return exec(Exec.DEFAULT_TIMEOUT, command);
    }

    /** {@link #exec(String...)} with an explicit timeout. */
    public CommandResult exec(Duration timeout, String... command) {
        return Exec.run(timeout, inNamespace(List.of(command)));
    }

    /**
     * Like {@link #exec(String...)} but for commands that must succeed.
     *
     * @throws LabException naming the command, exit code and stderr when the exit code is not 0
     */
    public CommandResult execOrThrow(String... command) {
        return exec(command).orThrow();
    }

    /**
     * Starts a long-running command inside this host's namespace. Its standard output and error go
     * to {@code <dir>/<name>.log} ({@code <name>-2.log} for the second process of that name), its
     * standard input is {@code /dev/null}. Returns once the command has replaced {@code ip netns exec}
     * in the process (so {@link LabProcess#pid()} is the daemon's own pid, checked against
     * {@code /proc}) and the process is in this namespace. The lab stops it on close.
     *
     * <p>Run daemons in the foreground (keepalived {@code -n -l}, tcpdump, mariadbd): a daemon that
     * forks away is no longer the handle's pid; the lab still kills it at teardown, because it kills
     * whatever remains inside its namespaces.
     *
     * @param name a label for logs and messages, e.g. {@code keepalived}
     * @throws LabException when it cannot start, exits with a non-zero code before the exec is
     *                      confirmed, or turns out to be outside the namespace
     */
    public LabProcess spawn(String name, String... command) {
        if (!PROCESS_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad process name: " + name);
        }
        if (command.length == 0) {
            throw new IllegalArgumentException("empty command");
        }
        Path log;
        synchronized (spawnCounts) {
            int n = spawnCounts.merge(name, 1, Integer::sum);
            log = dir().resolve(n == 1 ? name + ".log" : name + "-" + n + ".log");
        }
        List<String> argv = inNamespace(List.of(command));
        Process process;
        try {
            process = new ProcessBuilder(argv)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new LabException("cannot start " + String.join(" ", argv) + ": " + e.getMessage(), e);
        }
        LabProcess handle = new LabProcess(this, name, List.of(command), process, log);
        lab.register(handle);
        confirmExec(handle, command[0]);
        return handle;
    }

    /** Sets {@code eth0} administratively down: the host sees its link go away (and so does VRRP). */
    public void linkDown() {
        linkDown(PRIMARY_INTERFACE);
    }

    /** Sets {@code eth0} up again; addresses stay configured across down/up. */
    public void linkUp() {
        linkUp(PRIMARY_INTERFACE);
    }

    /** Sets interface {@code ifname} down inside this host. */
    public void linkDown(String ifname) {
        Lab.ipBatch(namespace, "link set " + ifname + " down\n");
    }

    /** Sets interface {@code ifname} up inside this host. */
    public void linkUp(String ifname) {
        Lab.ipBatch(namespace, "link set " + ifname + " up\n");
    }

    /**
     * Detaches {@code eth0}'s switch port from the bridge: the link stays up with carrier, but no
     * frame reaches or leaves this host (a silent partition, unlike {@link #linkDown()}).
     */
    public void disconnect() {
        lab.setPortAttached(switchPort(PRIMARY_INTERFACE), false);
    }

    /** Re-attaches {@code eth0}'s switch port to the bridge after {@link #disconnect()}. */
    public void reconnect() {
        lab.setPortAttached(switchPort(PRIMARY_INTERFACE), true);
    }

    /**
     * Adds another interface on the same lab bridge, up, with no address (add one with
     * {@code execOrThrow("ip", "addr", "add", ...)}).
     *
     * @param ifname 1 to 10 characters, a lowercase letter then lowercase letters or digits
     * @return {@code ifname}
     */
    public String addInterface(String ifname) {
        if (!INTERFACE_NAME.matcher(ifname).matches()) {
            throw new IllegalArgumentException("interface name must match " + INTERFACE_NAME + ": " + ifname);
        }
        synchronized (switchPorts) {
            if (switchPorts.containsKey(ifname)) {
                throw new IllegalArgumentException(name + " already has " + ifname);
            }
        }
        attach(ifname, false);
        return ifname;
    }

    /** Interface names of this host that are connected to the lab bridge. */
    public List<String> interfaces() {
        synchronized (switchPorts) {
            return List.copyOf(switchPorts.keySet());
        }
    }

    /** {@link #capture(String, String)} on {@code eth0}. */
    public Capture capture(String filter) {
        return capture(PRIMARY_INTERFACE, filter);
    }

    /**
     * Starts {@code tcpdump} on interface {@code ifname} inside this host, writing every matching
     * packet to a pcap file in {@link #dir()} as it arrives. Returns once tcpdump is listening.
     *
     * @param filter a pcap filter expression such as {@code "vrrp or arp"}; blank for everything
     */
    public Capture capture(String ifname, String filter) {
        return Capture.start(this, ifname, filter);
    }

    /** {@link #startMariaDb(MariaDbOptions)} with {@link MariaDbOptions#defaults()}. */
    public MariaDb startMariaDb() {
        return startMariaDb(MariaDbOptions.defaults());
    }

    /**
     * Installs a fresh MariaDB data directory in {@link #dir()} and starts {@code mariadbd} in this
     * host, listening on {@code 0.0.0.0:3306} and on a unix socket; returns once it answers pings.
     * One server per host.
     *
     * @throws IllegalStateException when this host already has a server
     * @throws LabException          when installation or start-up fails (the message carries the error log)
     */
    public synchronized MariaDb startMariaDb(MariaDbOptions options) {
        if (mariaDb != null) {
            throw new IllegalStateException(name + " already has a MariaDB server");
        }
        MariaDb server = MariaDb.install(this, options);
        mariaDb = server;
        server.start();
        return server;
    }

    /** The MariaDB server of this host, if one was started. */
    public synchronized Optional<MariaDb> mariaDb() {
        return Optional.ofNullable(mariaDb);
    }

    @Override
    public String toString() {
        return name + "(" + address.getHostAddress() + ")";
    }

    /** Creates a veth from the switch into this host; {@code primary} gets the address and MAC. */
    void attach(String ifname, boolean primary) {
        String port = "v" + index + "-" + ifname;
        synchronized (switchPorts) {
            switchPorts.put(ifname, port);
        }
        lab.connect(namespace, ifname, port, primary ? macAddress() : null);
        String commands = primary
                ? "link set lo up\naddr add " + address.getHostAddress() + "/" + lab.prefixLength() + " dev " + ifname
                        + "\nlink set " + ifname + " up\n"
                : "link set " + ifname + " up\n";
        Lab.ipBatch(namespace, commands);
    }

    private String switchPort(String ifname) {
        synchronized (switchPorts) {
            String port = switchPorts.get(ifname);
            if (port == null) {
                throw new IllegalArgumentException(name + " has no interface " + ifname + " on the lab bridge");
            }
            return port;
        }
    }

    private List<String> inNamespace(List<String> command) {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        argv.addAll(command);
        return argv;
    }

    /**
     * Waits until {@code ip netns exec} has exec'd the command (the process image is no longer
     * {@code ip}, unless the command is {@code ip} itself), then checks the process's network
     * namespace is this host's.
     */
    private void confirmExec(LabProcess handle, String program) {
        Path exe = Path.of("/proc", Long.toString(handle.pid()), "exe");
        boolean programIsIp = Path.of(program).getFileName().toString().equals("ip");
        Path ip = IpBinary.PATH;
        try {
            Poll.until(EXEC_CONFIRM_TIMEOUT, Duration.ofMillis(1), () -> {
                if (!handle.isAlive()) {
                    return true;
                }
                if (programIsIp) {
                    return true;
                }
                try {
                    Path image = Files.readSymbolicLink(exe);
                    return !image.equals(ip) && !image.getFileName().toString().equals("jspawnhelper");
                } catch (IOException e) {
                    return !handle.isAlive();
                }
            }, () -> "spawned " + handle.name() + " (pid " + handle.pid() + ") is still `ip netns exec` after "
                    + EXEC_CONFIRM_TIMEOUT);
            if (!handle.isAlive()) {
                int code = handle.exitCode().orElseThrow();
                if (code != 0) {
                    throw new LabException(handle.name() + " on " + name + " exited with " + code
                            + " right after start: " + String.join(" ", handle.command()) + "\n" + handle.tail(20));
                }
                return;
            }
            String actual = Files.readSymbolicLink(Path.of("/proc", Long.toString(handle.pid()), "ns", "net")).toString();
            Object inode = Files.getAttribute(Path.of("/run/netns", namespace), "unix:ino");
            if (!actual.equals("net:[" + inode + "]")) {
                throw new LabException(handle.name() + " (pid " + handle.pid() + ") runs in " + actual
                        + ", not in namespace " + namespace + " (net:[" + inode + "])");
            }
        } catch (IOException e) {
            if (handle.isAlive()) {
                handle.kill();
                throw new LabException("cannot verify " + handle.name() + " (pid " + handle.pid() + ")", e);
            }
        } catch (RuntimeException e) {
            handle.signal(Signal.KILL);
            throw e;
        }
    }

    /** The real path of the {@code ip} binary, resolved once from {@code PATH}. */
    private static final class IpBinary {
        static final Path PATH = resolve();

        private static Path resolve() {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
                Path candidate = Path.of(dir, "ip");
                if (Files.isExecutable(candidate)) {
                    try {
                        return candidate.toRealPath();
                    } catch (IOException ignored) {
                        // try the next directory
                    }
                }
            }
            for (String fallback : Arrays.asList("/usr/bin/ip", "/sbin/ip", "/bin/ip", "/usr/sbin/ip")) {
                Path candidate = Path.of(fallback);
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
            throw new LabException("ip (iproute2) not found");
        }
    }
}
