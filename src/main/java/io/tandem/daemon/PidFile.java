package io.tandem.daemon;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The pid file, held under an exclusive lock for the daemon's whole life so that a second Tandem
 * started with the same pid file refuses to run instead of fighting the first over the VIPs (a
 * second engine would remove the first one's addresses as "stale" at start-up). The lock is the
 * kernel's (fcntl, via {@link FileChannel#tryLock}): it dies with the process, so a pid file
 * left behind by a crash or kill -9 never blocks the next start, unlike keepalived's
 * read-the-pid-and-kill-0 test.
 */
public final class PidFile implements AutoCloseable {
    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;

    private PidFile(Path path, FileChannel channel, FileLock lock) {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
    }

    /** Another process holds the pid file: who, as far as the file says. */
    public static final class AlreadyRunning extends Exception {
        private final Optional<Long> pid;

        AlreadyRunning(Path path, Optional<Long> pid) {
            super("tandem is already running with pid file " + path
                    + pid.map(p -> " (pid " + p + ")").orElse("")
                    + "; stop it first (systemctl stop tandem, or kill -TERM the pid)");
            this.pid = pid;
        }

        /** The pid written in the file by the running daemon, if it could be read. */
        public Optional<Long> pid() {
            return pid;
        }
    }

    /**
     * Opens (creating if needed) and locks {@code path}, then writes this process's pid into it.
     *
     * @throws AlreadyRunning when another process holds the lock
     * @throws IOException when the file cannot be created or written (missing directory, permissions)
     */
    public static PidFile acquire(Path path) throws AlreadyRunning, IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this very JVM
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        if (lock == null) {
            Optional<Long> pid = readPid(ch);
            ch.close();
            throw new AlreadyRunning(path, pid);
        }
        try {
            byte[] text = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(text), 0);
            ch.force(false);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        return new PidFile(path, ch, lock);
    }

    private static Optional<Long> readPid(FileChannel ch) {
        try {
            ByteBuffer b = ByteBuffer.allocate(32);
            int n = ch.read(b, 0);
            if (n <= 0) {
                return Optional.empty();
            }
            return Optional.of(Long.parseLong(new String(b.array(), 0, n, StandardCharsets.US_ASCII).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public Path path() {
        return path;
    }

    /** Removes the file, then lets go of the lock (removing first: nobody can lock a name we are about to delete). */
    @Override
    public void close() throws IOException {
        try {
            Files.deleteIfExists(path);
        } finally {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }
}
