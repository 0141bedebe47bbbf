package io.tandem.daemon;

import io.tandem.status.StatsText;
import io.tandem.status.StatusText;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * keepalived's signal dumps: SIGUSR1 writes the data dump {@code tandem.data}, SIGUSR2 the
 * statistics {@code tandem.stats}, in keepalived's directory ({@code $TMPDIR} when it is an
 * absolute path, else {@code /tmp}; the service sets {@code TMPDIR=/run/tandem}). Named
 * {@code tandem.*}, not {@code keepalived.*}, so a keepalived on the same host keeps its files.
 *
 * <p>Written off the control loop from the published status, to a fresh owner-only file renamed
 * into place: a symlink planted at the name in a shared {@code /tmp} is replaced, never followed
 * (keepalived's {@code fopen_safe} guards against the same).
 */
final class StatusDumps {
    private static final System.Logger LOG = System.getLogger(StatusDumps.class.getName());
    static final String DATA = "tandem.data";
    static final String STATS = "tandem.stats";

    private final StatusBoard board;
    private final Path dir;

    StatusDumps(StatusBoard board) {
        this(board, directory(System.getenv("TMPDIR")));
    }

    StatusDumps(StatusBoard board, Path dir) {
        this.board = board;
        this.dir = dir;
    }

    /** keepalived's {@code set_tmp_dir}: {@code $TMPDIR} if absolute, else {@code /tmp}. */
    static Path directory(String tmpdir) {
        return tmpdir != null && tmpdir.startsWith("/") ? Path.of(tmpdir) : Path.of("/tmp");
    }

    /** SIGUSR1: on a thread of its own, never the loop's. */
    void writeData() {
        Thread.ofVirtual().name("dump-data").start(() -> write(DATA, StatusText.render(board.now())));
    }

    /** SIGUSR2. */
    void writeStats() {
        Thread.ofVirtual().name("dump-stats").start(() -> write(STATS, StatsText.render(board.now())));
    }

    void write(String name, String text) {
        Path target = dir.resolve(name);
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + name + ".", ".tmp", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            LOG.log(Level.INFO, "wrote {0}", target);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot write {0}: {1}", target, e.toString());
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }
}
