package io.tandem.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The registry of lab runs on this machine: one directory per run under {@link #ROOT}, named by the
 * run id and holding {@code owner.pid} and {@code subnet}. Claiming a run and sweeping the leftovers
 * of dead ones happen under one file lock, so concurrent JVMs never take the same id or subnet and
 * never sweep a run that is still being set up.
 */
final class Runs {
    static final Path ROOT = Path.of("/tmp/tandem-lab");
    static final String NAMESPACE_PREFIX = "tdm-";
    static final Pattern RUN_ID = Pattern.compile("[0-9a-f]{6}");
    static final Pattern NAMESPACE = Pattern.compile(NAMESPACE_PREFIX + "([0-9a-f]{6})-.+");
    static final String OWNER_FILE = "owner.pid";
    static final String SUBNET_FILE = "subnet";

    private static final Object JVM_LOCK = new Object();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Runs() {
    }

    /** A claimed run: its id, its directory and its subnet. */
    record Run(String id, Path dir, Subnet subnet) {
    }

    /**
     * Sweeps the leftovers of dead runs, then claims a fresh id and the lowest free subnet for a
     * run owned by this JVM.
     */
    static Run claim() {
        return locked(() -> {
            sweepLocked();
            Set<Integer> usedOctets = new HashSet<>();
            for (Path dir : runDirs()) {
                readSubnetOctet(dir).ifPresent(usedOctets::add);
            }
            int octet = 1;
            while (usedOctets.contains(octet)) {
                octet++;
            }
            if (octet > 254) {
                throw new LabException("all 254 lab subnets are in use by live runs under " + ROOT);
            }
            Set<String> namespaces = new HashSet<>(Netns.list());
            for (int attempt = 0; ; attempt++) {
                String id = HexFormat.of().toHexDigits(RANDOM.nextInt()).substring(2);
                Path dir = ROOT.resolve(id);
                boolean nameTaken = namespaces.stream().anyMatch(ns -> ns.startsWith(NAMESPACE_PREFIX + id + "-"));
                if (nameTaken || Files.exists(dir)) {
                    if (attempt > 100) {
                        throw new LabException("cannot find a free lab id under " + ROOT);
                    }
                    continue;
                }
                try {
                    Files.createDirectory(dir);
                    Owner.current().write(dir.resolve(OWNER_FILE));
                    Files.writeString(dir.resolve(SUBNET_FILE), octet + "\n", StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return new Run(id, dir, Subnet.of(octet));
            }
        });
    }

    /**
     * Removes everything left by runs whose owner is dead: processes inside their namespaces, the
     * namespaces, and their directories; also any {@code tdm-<id>-*} namespace whose id has no run
     * directory with a live owner.
     *
     * @return the ids that were swept
     */
    static List<String> sweep() {
        return locked(Runs::sweepLocked);
    }

    /**
     * Deletes {@code dir} and everything under it; a missing directory is fine. A tree that changes
     * while it is deleted (a file appears or vanishes) is walked again, up to five times 100 ms apart.
     *
     * @throws UncheckedIOException naming what is left when the last walk still fails
     */
    static void deleteTree(Path dir) {
        UncheckedIOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                deleteTreeOnce(dir);
                return;
            } catch (UncheckedIOException e) {
                last = e;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new UncheckedIOException("cannot delete " + dir + " (left: " + leftIn(dir) + "): " + last.getMessage(),
                last.getCause());
    }

    private static void deleteTreeOnce(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e.toString(), e);
        }
    }

    private static String leftIn(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.limit(10).map(Path::toString).toList().toString();
        } catch (IOException | UncheckedIOException e) {
            return "unknown, " + e;
        }
    }

    private static List<String> sweepLocked() {
        Set<String> live = new HashSet<>();
        Set<String> dead = new HashSet<>();
        for (Path dir : runDirs()) {
            String id = dir.getFileName().toString();
            boolean alive = Owner.read(dir.resolve(OWNER_FILE)).map(Owner::isAlive).orElse(false);
            (alive ? live : dead).add(id);
        }
        List<String> namespaces = new ArrayList<>();
        for (String ns : Netns.list()) {
            Matcher m = NAMESPACE.matcher(ns);
            if (m.matches() && !live.contains(m.group(1))) {
                dead.add(m.group(1));
                namespaces.add(ns);
            }
        }
        LabException failure = null;
        // Host namespaces before the switch namespace, which holds the other ends of their links.
        namespaces.sort((a, b) -> Boolean.compare(a.endsWith("-" + Lab.SWITCH), b.endsWith("-" + Lab.SWITCH)));
        for (String ns : namespaces) {
            try {
                Netns.destroy(ns);
            } catch (RuntimeException e) {
                failure = chain(failure, e);
            }
        }
        for (String id : dead) {
            try {
                deleteTree(ROOT.resolve(id));
            } catch (RuntimeException e) {
                failure = chain(failure, e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return List.copyOf(dead);
    }

    private static LabException chain(LabException first, RuntimeException next) {
        if (first == null) {
            return new LabException("sweeping leftovers of dead lab runs failed", next);
        }
        first.addSuppressed(next);
        return first;
    }

    private static List<Path> runDirs() {
        if (!Files.isDirectory(ROOT)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(ROOT)) {
            return list.filter(Files::isDirectory)
                    .filter(p -> RUN_ID.matcher(p.getFileName().toString()).matches())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<Integer> readSubnetOctet(Path dir) {
        try {
            return Optional.of(Integer.parseInt(
                    Files.readString(dir.resolve(SUBNET_FILE), StandardCharsets.UTF_8).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static <T> T locked(Supplier<T> body) {
        synchronized (JVM_LOCK) {
            try {
                Files.createDirectories(ROOT);
                try (FileChannel channel = FileChannel.open(ROOT.resolve(".lock"),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                    FileLock lock = channel.lock();
                    try {
                        return body.get();
                    } finally {
                        lock.release();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
