package io.tandem.lab;

import java.io.IOException;
import java.net.Inet4Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A MariaDB server ({@code mariadbd}) running in a {@link Host}, with its data directory, unix
 * socket, pid file and error log in {@code <host dir>/mariadb/}.
 *
 * <p>Binary logging is on (ROW format, {@code log_slave_updates}, distinct {@code gtid_domain_id}
 * per host by default), so any server can be a master or a replica; see {@link Replication}. The
 * test JVM reaches the server through its unix socket as {@code root} (no password); other lab
 * hosts reach it at {@link #address()}:3306.
 *
 * <p>{@link #stop()}, {@link #kill9()} and {@link #start()} may be combined freely to crash and
 * restart a server on the same data directory.
 */
public final class MariaDb {
    /** The TCP port every lab server listens on (each host has its own network stack). */
    public static final int PORT = 3306;
    private static final String MARIADBD = "/usr/sbin/mariadbd";
    private static final Duration INSTALL_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration READY_POLL = Duration.ofMillis(20);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Host host;
    private final MariaDbOptions options;
    private final Path dir;
    private volatile LabProcess process;
    private volatile Duration installTime = Duration.ZERO;
    private volatile Duration startTime = Duration.ZERO;

    private MariaDb(Host host, MariaDbOptions options) {
        this.host = host;
        this.options = options;
        this.dir = host.dir().resolve("mariadb");
    }

    /** True when the Debian MariaDB server binaries this class runs are installed. */
    public static boolean isInstalled() {
        if (!Files.isExecutable(Path.of(MARIADBD))) {
            return false;
        }
        List<String> path = List.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":"));
        return List.of("mariadb-install-db", "mariadb", "mariadb-admin").stream()
                .allMatch(tool -> path.stream().anyMatch(dir -> Files.isExecutable(Path.of(dir, tool))));
    }

    /** Runs {@code mariadb-install-db} for a new server in {@code host}; does not start it. */
    static MariaDb install(Host host, MariaDbOptions options) {
        MariaDb server = new MariaDb(host, options);
        try {
            Files.createDirectories(server.dir);
        } catch (IOException e) {
            throw new LabException("cannot create " + server.dir, e);
        }
        long start = System.nanoTime();
        CommandResult result = host.exec(INSTALL_TIMEOUT, "mariadb-install-db", "--no-defaults",
                "--datadir=" + server.dataDir(), "--user=root", "--auth-root-authentication-method=normal",
                "--skip-test-db", "--skip-name-resolve",
                "--innodb-buffer-pool-size=" + options.innodbBufferPoolSize(),
                "--innodb-log-file-size=" + options.innodbLogFileSize());
        server.installTime = Duration.ofNanos(System.nanoTime() - start);
        write(server.dir.resolve("install.log"), result.stdout() + result.stderr());
        if (!result.ok()) {
            throw new LabException("mariadb-install-db for " + host.name() + " exited " + result.exitCode() + ":\n"
                    + tail(result.stdout() + result.stderr(), 30));
        }
        return server;
    }

    /**
     * Starts {@code mariadbd} on the existing data directory and waits (at most 30 s, pinging the
     * unix socket every 20 ms) until it accepts connections. Also used to restart after
     * {@link #stop()} or {@link #kill9()}; replication configured earlier resumes by itself.
     *
     * @throws IllegalStateException when the server is already running
     * @throws LabException          when it exits or is not ready in time; the message carries the
     *                               error log's tail
     */
    public synchronized void start() {
        if (isRunning()) {
            throw new IllegalStateException("mariadbd on " + host.name() + " is already running");
        }
        List<String> command = new ArrayList<>(List.of(MARIADBD, "--no-defaults", "--user=root",
                "--datadir=" + dataDir(), "--socket=" + socket(), "--pid-file=" + dir.resolve("mariadbd.pid"),
                "--log-error=" + errorLog(), "--port=" + PORT, "--bind-address=0.0.0.0",
                "--server-id=" + serverId(), "--gtid-domain-id=" + gtidDomainId(),
                "--log-bin=mariadb-bin", "--relay-log=relay-bin", "--binlog-format=ROW", "--log-slave-updates",
                "--skip-name-resolve", "--report-host=" + host.address().getHostAddress(),
                "--performance-schema=OFF",
                "--innodb-buffer-pool-size=" + options.innodbBufferPoolSize(),
                "--innodb-log-file-size=" + options.innodbLogFileSize(),
                "--innodb-log-buffer-size=2M", "--key-buffer-size=1M", "--aria-pagecache-buffer-size=1M"));
        if (options.readOnly()) {
            command.add("--read-only=ON");
        }
        command.addAll(options.extraArgs());
        long start = System.nanoTime();
        LabProcess started = host.spawn("mariadbd", command.toArray(String[]::new));
        process = started;
        Poll.until(READY_TIMEOUT, READY_POLL, () -> {
            if (!started.isAlive()) {
                throw new LabException("mariadbd on " + host.name() + " exited (" + started.exitCode().orElse(-1)
                        + ") during start-up; error log tail:\n" + errorLogTail(30));
            }
            return ping();
        }, () -> "mariadbd on " + host.name() + " not ready within " + READY_TIMEOUT + "; error log tail:\n"
                + errorLogTail(30));
        startTime = Duration.ofNanos(System.nanoTime() - start);
    }

    /**
     * Shuts the server down with SIGTERM (a clean InnoDB shutdown) and waits at most 30 s.
     *
     * @throws LabException when it had to be killed with SIGKILL after that
     */
    public void stop() {
        LabProcess p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        p.signal(Signal.TERM);
        p.signal(Signal.CONT);
        if (!p.waitFor(STOP_TIMEOUT)) {
            p.kill();
            throw new LabException("mariadbd on " + host.name() + " ignored SIGTERM for " + STOP_TIMEOUT
                    + "; killed with SIGKILL");
        }
    }

    /** Kills the server with SIGKILL (a crash: no shutdown, uncommitted work lost) and waits until it is gone. */
    public void kill9() {
        LabProcess p = process;
        if (p != null) {
            p.kill();
        }
    }

    /** True while {@code mariadbd} runs (it may be paused). */
    public boolean isRunning() {
        LabProcess p = process;
        return p != null && p.isAlive();
    }

    /**
     * The current {@code mariadbd} process: pause/resume it to simulate a hung server.
     *
     * @throws IllegalStateException before the first start
     */
    public LabProcess process() {
        LabProcess p = process;
        if (p == null) {
            throw new IllegalStateException("mariadbd on " + host.name() + " was never started");
        }
        return p;
    }

    /** The pid of the current {@code mariadbd} process. */
    public long pid() {
        return process().pid();
    }

    /**
     * Resident set size of {@code mariadbd} ({@code VmRSS} in {@code /proc/<pid>/status}) in bytes.
     *
     * @throws LabException when the process is not running
     */
    public long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).strip().split("\\s+")[0]) * 1024;
                }
            }
        } catch (IOException e) {
            throw new LabException("cannot read the status of mariadbd on " + host.name(), e);
        }
        throw new LabException("no VmRSS for mariadbd on " + host.name());
    }

    /**
     * Runs SQL through the unix socket as root with the {@code mariadb} client ({@code -N -B}) and
     * returns the rows of every result set, concatenated (none for statements without one).
     * Several statements separated by {@code ;} run in one session. Values are unescaped; SQL NULL
     * becomes Java {@code null} (so does the string {@code 'NULL'}: batch mode cannot tell them apart).
     *
     * @throws LabException on any SQL error; the message carries the client's error line, e.g.
     *                      {@code ERROR 1290 (HY000) ... --read-only option}
     */
    public List<List<String>> sql(String sql) {
        return sql(Exec.DEFAULT_TIMEOUT, sql);
    }

    /** {@link #sql(String)} with an explicit client timeout. */
    public List<List<String>> sql(Duration timeout, String sql) {
        return parseRows(client(timeout, "root", null, sql, false).lines());
    }

    /**
     * {@link #sql(String)} as another account (through the unix socket, so the account must exist
     * for {@code localhost}). Note that {@code root} holds {@code READ_ONLY ADMIN} and so ignores
     * {@code read_only}; test fencing with an account like this one.
     */
    public List<List<String>> sqlAs(String user, String password, String sql) {
        return parseRows(client(Exec.DEFAULT_TIMEOUT, user, password, sql, false).lines());
    }

    /**
     * The first column of the first row of {@link #sql(String)}'s result.
     *
     * @return that value; Java {@code null} for SQL NULL or when there are no rows
     */
    public String sqlValue(String sql) {
        return sqlValue(Exec.DEFAULT_TIMEOUT, sql);
    }

    /** {@link #sqlValue(String)} with an explicit client timeout. */
    public String sqlValue(Duration timeout, String sql) {
        List<List<String>> rows = sql(timeout, sql);
        return rows.isEmpty() || rows.getFirst().isEmpty() ? null : rows.getFirst().getFirst();
    }

    /** {@code @@gtid_binlog_pos}: the last GTID per domain in this server's binary log ("" when none). */
    public String gtidBinlogPos() {
        return nonNull(sqlValue("SELECT @@GLOBAL.gtid_binlog_pos"));
    }

    /** {@code @@gtid_slave_pos}: the last GTID per domain this server applied as a replica ("" when none). */
    public String gtidSlavePos() {
        return nonNull(sqlValue("SELECT @@GLOBAL.gtid_slave_pos"));
    }

    /** {@code @@read_only}. */
    public boolean readOnly() {
        return "1".equals(sqlValue("SELECT @@GLOBAL.read_only"));
    }

    /** Sets {@code read_only} at run time (not persisted across restarts; see {@link MariaDbOptions#withReadOnly}). */
    public void setReadOnly(boolean on) {
        sql("SET GLOBAL read_only = " + (on ? "ON" : "OFF"));
    }

    /** {@code SHOW SLAVE STATUS} for the default connection; empty when replication was never configured. */
    public Optional<ReplicaStatus> replicaStatus() {
        List<String> lines = client(Exec.DEFAULT_TIMEOUT, "root", null, "SHOW SLAVE STATUS", true).lines();
        if (lines.size() < 2) {
            return Optional.empty();
        }
        List<String> names = splitRow(lines.get(0));
        List<String> values = splitRow(lines.get(1));
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < names.size() && i < values.size(); i++) {
            fields.put(names.get(i), values.get(i));
        }
        return Optional.of(ReplicaStatus.of(fields));
    }

    /** The host the server runs in. */
    public Host host() {
        return host;
    }

    /** The options it was installed with. */
    public MariaDbOptions options() {
        return options;
    }

    /** The host's lab address; other lab hosts connect to it on {@link #PORT}. */
    public Inet4Address address() {
        return host.address();
    }

    /** {@code server_id}. */
    public int serverId() {
        return options.serverId().orElse(host.address().getAddress()[3] & 0xff);
    }

    /** {@code gtid_domain_id}. */
    public int gtidDomainId() {
        return options.gtidDomainId().orElse(host.index());
    }

    /** The unix socket the test JVM connects through. */
    public Path socket() {
        return dir.resolve("mariadbd.sock");
    }

    /** The data directory. */
    public Path dataDir() {
        return dir.resolve("data");
    }

    /** The error log. */
    public Path errorLog() {
        return dir.resolve("error.log");
    }

    /** The last {@code lines} lines of the error log. */
    public String errorLogTail(int lines) {
        try {
            return Files.exists(errorLog()) ? tail(Files.readString(errorLog()), lines) : "(no error log)";
        } catch (IOException e) {
            return "(cannot read " + errorLog() + ": " + e.getMessage() + ")";
        }
    }

    /** How long {@code mariadb-install-db} took. */
    public Duration installTime() {
        return installTime;
    }

    /** How long the last {@link #start()} took, from spawning {@code mariadbd} to the first answered ping. */
    public Duration startTime() {
        return startTime;
    }

    @Override
    public String toString() {
        return "MariaDb[" + host + ", server_id " + serverId() + ", domain " + gtidDomainId()
                + (isRunning() ? ", pid " + pid() : ", stopped") + "]";
    }

    private boolean ping() {
        return Exec.run(Duration.ofSeconds(5), List.of("mariadb-admin", "--no-defaults", "--socket=" + socket(),
                "-uroot", "--connect-timeout=1", "ping")).ok();
    }

    private CommandResult client(Duration timeout, String user, String password, String sql, boolean withHeader) {
        List<String> command = new ArrayList<>(List.of("mariadb", "--no-defaults", "--socket=" + socket(),
                "--user=" + user, "-B"));
        if (password != null) {
            command.add("--password=" + password);
        }
        if (!withHeader) {
            command.add("-N");
        }
        command.add("-e");
        command.add(sql);
        CommandResult result = Exec.run(timeout, command);
        if (!result.ok()) {
            throw new LabException("SQL on " + host.name() + " failed: " + result.stderr().strip() + "\n  SQL: " + sql);
        }
        return result;
    }

    static List<List<String>> parseRows(List<String> lines) {
        return lines.stream().map(MariaDb::splitRow).toList();
    }

    private static List<String> splitRow(String line) {
        List<String> values = new ArrayList<>();
        for (String raw : line.split("\t", -1)) {
            values.add(raw.equals("NULL") ? null : unescape(raw));
        }
        return java.util.Collections.unmodifiableList(values);
    }

    /** Undoes the batch-mode escaping of the {@code mariadb} client: {@code \\ \t \n \0}. */
    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char next = s.charAt(++i);
                out.append(switch (next) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case '0' -> '\0';
                    default -> next;
                });
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    private static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new LabException("cannot write " + file, e);
        }
    }
}
