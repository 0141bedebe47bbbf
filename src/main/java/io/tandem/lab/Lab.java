package io.tandem.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * One lab run: a private layer-2 network of hosts, each host a Linux network namespace.
 *
 * <p>A "switch" namespace {@code tdm-<id>-sw} holds a bridge; every host {@code tdm-<id>-<name>}
 * gets {@code lo} and an {@code eth0} that is one end of a veth pair whose other end is a port of
 * that bridge. Links are created from inside the switch namespace, so nothing ever appears in the
 * root namespace; the test JVM talks to servers over unix sockets and runs network clients inside
 * hosts. IPv6 is disabled in all lab namespaces so captures show only the IPv4 traffic under test.
 *
 * <p>Every run has a unique 6-hex-digit id, a directory {@code /tmp/tandem-lab/<id>/} (logs,
 * captures, data directories, {@code owner.pid}) and its own subnet {@code 10.231.<k>.0/24}; hosts
 * get {@code .11}, {@code .12}, ... in the order they are added. {@link #create()} first removes
 * whatever dead runs left behind (processes in their namespaces, the namespaces, their directories).
 * {@link #close()} (also run by a shutdown hook) tears everything down. Not meant to be shared by
 * threads that add hosts concurrently; processes may be signalled from any thread.
 *
 * <pre>{@code
 * try (Lab lab = Lab.create()) {
 *     Host db1 = lab.addHost("db1");
 *     MariaDb server = db1.startMariaDb();
 *     server.sql("SELECT 1");
 * }
 * }</pre>
 */
public final class Lab implements AutoCloseable {
    static final String SWITCH = "sw";
    private static final String BRIDGE = "br0";
    private static final Pattern HOST_NAME = Pattern.compile("[a-z][a-z0-9]{0,11}");
    private static final int FIRST_HOST_OCTET = 11;

    private final String id;
    private final Path dir;
    private final Subnet subnet;
    private final Map<String, Host> hosts = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<String> namespaces = new CopyOnWriteArrayList<>();
    private final List<LabProcess> processes = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook;
    private int lastHostIndex;

    private Lab(Runs.Run run) {
        this.id = run.id();
        this.dir = run.dir();
        this.subnet = run.subnet();
        this.shutdownHook = Thread.ofPlatform().name("tandem-lab-" + id + "-teardown").unstarted(this::closeQuietly);
    }

    /**
     * True when this machine can run labs: the JVM runs as root and {@code ip} is installed.
     * Tests use it as a JUnit assumption.
     */
    public static boolean isSupported() {
        try {
            boolean root = Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("Uid:"))
                    .anyMatch(l -> l.split("\\s+")[1].equals("0"));
            return root && Exec.run(Duration.ofSeconds(5), List.of("ip", "-V")).ok();
        } catch (IOException | LabException e) {
            return false;
        }
    }

    /**
     * Creates a lab run with no hosts yet: sweeps the leftovers of dead runs, claims an id, a
     * subnet and a run directory, creates the switch namespace with its bridge and registers a
     * shutdown hook that tears the run down if the JVM exits without {@link #close()}.
     *
     * @throws LabException when a command fails (everything created so far is removed again)
     */
    public static Lab create() {
        Lab lab = new Lab(Runs.claim());
        try {
            Runtime.getRuntime().addShutdownHook(lab.shutdownHook);
            lab.createSwitch();
            return lab;
        } catch (RuntimeException e) {
            lab.closeQuietly(e);
            throw e;
        }
    }

    /** The run id: 6 lowercase hex digits, unique among the runs on this machine. */
    public String id() {
        return id;
    }

    /** The run directory {@code /tmp/tandem-lab/<id>/}; removed by {@link #close()}. */
    public Path dir() {
        return dir;
    }

    /** The lab subnet, {@code 10.231.<k>.0/24}. */
    public Subnet subnet() {
        return subnet;
    }

    /** The prefix length of {@link #subnet()}: 24. */
    public int prefixLength() {
        return subnet.prefixLength();
    }

    /** The prefix of every namespace of this run, {@code tdm-<id>-}. */
    public String namespacePrefix() {
        return Runs.NAMESPACE_PREFIX + id + "-";
    }

    /** The namespace that holds the bridge. */
    public String switchNamespace() {
        return namespacePrefix() + SWITCH;
    }

    /**
     * Adds a host: namespace {@code tdm-<id>-<name>} with {@code lo} up and {@code eth0} up on the
     * lab bridge, with the next address of the lab subnet (.11 for the first host) and a MAC
     * address derived from it ({@code 02:00:<IPv4 bytes>}).
     *
     * @param name 1 to 12 characters, a lowercase letter then lowercase letters or digits; unique in the lab
     * @throws IllegalArgumentException for a bad or duplicate name
     * @throws IllegalStateException    when the lab is closed
     * @throws LabException             when a command fails
     */
    public synchronized Host addHost(String name) {
        if (closed.get()) {
            throw new IllegalStateException("lab " + id + " is closed");
        }
        if (!HOST_NAME.matcher(name).matches() || name.equals(SWITCH)) {
            throw new IllegalArgumentException("host name must match " + HOST_NAME + " and not be \"" + SWITCH
                    + "\": " + name);
        }
        if (hosts.containsKey(name)) {
            throw new IllegalArgumentException("lab " + id + " already has a host " + name);
        }
        int index = lastHostIndex + 1; // never reused, even after a failed addHost
        if (FIRST_HOST_OCTET + index - 1 > 254) {
            throw new IllegalStateException("a lab holds at most " + (255 - FIRST_HOST_OCTET) + " hosts");
        }
        lastHostIndex = index;
        Host host = new Host(this, name, index, namespacePrefix() + name, subnet.address(FIRST_HOST_OCTET + index - 1));
        createNamespace(host.namespace());
        host.attach(Host.PRIMARY_INTERFACE, true);
        hosts.put(name, host);
        return host;
    }

    /**
     * The host called {@code name}.
     *
     * @throws IllegalArgumentException when there is none
     */
    public Host host(String name) {
        Host host = hosts.get(name);
        if (host == null) {
            throw new IllegalArgumentException("lab " + id + " has no host " + name + "; it has " + hosts.keySet());
        }
        return host;
    }

    /** All hosts, in the order they were added. */
    public List<Host> hosts() {
        synchronized (hosts) {
            return List.copyOf(hosts.values());
        }
    }

    /** Every process spawned in this lab (running or not), in start order. */
    public List<LabProcess> processes() {
        return List.copyOf(processes);
    }

    /** True once {@link #close()} has begun. */
    public boolean isClosed() {
        return closed.get();
    }

    /**
     * Tears the run down; idempotent. Tries every step even when earlier ones fail: stops every
     * spawned process (SIGTERM and SIGCONT to all, then SIGKILL to those still alive after 10 s),
     * SIGKILLs anything else left inside the run's namespaces, deletes the namespaces (hosts, then
     * the switch) and removes the run directory with all data, logs and captures.
     *
     * @throws LabException the first failure, with later ones attached as suppressed exceptions
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting; the hook may run too and will find the lab closed
            }
        }
        List<RuntimeException> failures = new ArrayList<>();
        attempt(failures, this::stopProcesses);
        List<String> order = new ArrayList<>(namespaces);
        Collections.reverse(order); // hosts (newest first), then the switch
        for (String ns : order) {
            attempt(failures, () -> Netns.destroy(ns));
        }
        attempt(failures, () -> Runs.deleteTree(dir));
        if (!failures.isEmpty()) {
            LabException failure = new LabException("tearing down lab " + id + " failed: " + failures.getFirst().getMessage(),
                    failures.getFirst());
            failures.subList(1, failures.size()).forEach(failure::addSuppressed);
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "Lab[" + id + ", " + subnet + ", hosts " + hosts.keySet() + "]";
    }

    /**
     * Records a spawned process for teardown. A process that arrives after {@link #close()} began
     * is killed at once (teardown would miss it).
     */
    void register(LabProcess process) {
        processes.add(process);
        if (closed.get()) {
            process.signal(Signal.KILL);
            throw new IllegalStateException("lab " + id + " is closed");
        }
    }

    /**
     * Removes what dead lab runs left behind, as {@link #create()} does first: processes inside
     * their namespaces, the namespaces and their run directories. Runs of live JVMs are untouched.
     *
     * @return the ids of the runs that were swept
     */
    public static List<String> sweepLeftovers() {
        return Runs.sweep();
    }

    private void createSwitch() {
        String sw = switchNamespace();
        createNamespace(sw);
        ipBatch(sw, "link set lo up\n"
                + "link add " + BRIDGE + " type bridge mcast_snooping 0\n"
                + "link set " + BRIDGE + " up\n");
    }

    /** Creates namespace {@code ns}, registered for teardown before it exists, with IPv6 off. */
    private void createNamespace(String ns) {
        namespaces.add(ns);
        Netns.add(ns);
        Exec.run(Exec.DEFAULT_TIMEOUT, List.of("ip", "netns", "exec", ns, "sysctl", "-q", "-w",
                "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1")).orThrow();
    }

    /**
     * Creates a veth pair from inside the switch namespace: {@code port} on the bridge, {@code ifname}
     * moved into {@code hostNs} (with {@code mac} when not null). Nothing touches the root namespace.
     */
    void connect(String hostNs, String ifname, String port, String mac) {
        String peer = "name " + ifname + (mac == null ? "" : " address " + mac) + " netns " + hostNs;
        ipBatch(switchNamespace(), "link add " + port + " type veth peer " + peer + "\n"
                + "link set " + port + " master " + BRIDGE + " up\n");
    }

    /** Detaches ({@code attached == false}) or re-attaches switch port {@code port} to the bridge. */
    void setPortAttached(String port, boolean attached) {
        ipBatch(switchNamespace(), "link set " + port + (attached ? " master " + BRIDGE : " nomaster") + "\n");
    }

    /** Runs {@code ip -n ns -batch -} with the given commands, one per line. */
    static void ipBatch(String ns, String commands) {
        Exec.run(Exec.DEFAULT_TIMEOUT, commands, List.of("ip", "-n", ns, "-batch", "-")).orThrow();
    }

    private void stopProcesses() {
        List<LabProcess> running = processes.stream().filter(LabProcess::isAlive).toList();
        for (LabProcess p : running) {
            p.signal(Signal.TERM);
            p.signal(Signal.CONT);
        }
        long deadline = System.nanoTime() + LabProcess.DEFAULT_GRACE.toNanos();
        List<RuntimeException> failures = new ArrayList<>();
        for (LabProcess p : running) {
            long left = Math.max(0, deadline - System.nanoTime());
            if (!p.waitFor(Duration.ofNanos(left))) {
                attempt(failures, p::kill);
            }
        }
        if (!failures.isEmpty()) {
            throw failures.getFirst();
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            System.err.println("tandem lab " + id + ": teardown failed: " + e);
        }
    }

    private void closeQuietly(RuntimeException cause) {
        try {
            close();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private static void attempt(List<RuntimeException> failures, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            failures.add(e);
        }
    }
}
