package io.tandem.config;

import java.io.IOException;
import java.net.Inet4Address;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A test host: the corpus network namespace by default (eth0 192.168.1.10/24, eth1 10.0.0.10/24,
 * user root only; no {@code keepalived_script}).
 *
 * <p>{@link #pathFacts} answers from the real file system for whether a path exists and for the
 * permission bits of the file itself, but reports every component as owned by root:root and every
 * directory as 0755, so results do not depend on who runs the tests or where the temp dir is.
 */
final class FixedHost implements HostFacts {
    private final Map<String, List<InterfaceAddress>> interfaces;
    private final Set<String> users;

    private FixedHost(Map<String, List<InterfaceAddress>> interfaces, Set<String> users) {
        this.interfaces = Map.copyOf(interfaces);
        this.users = Set.copyOf(users);
    }

    /** The namespace the corpus expectations were recorded in. */
    static FixedHost corpus() {
        return builder().iface("eth0", "192.168.1.10/24").iface("eth1", "10.0.0.10/24").user("root").build();
    }

    static Builder builder() {
        return new Builder();
    }

    static final class Builder {
        private final Map<String, List<InterfaceAddress>> interfaces = new LinkedHashMap<>();
        private final java.util.HashSet<String> users = new java.util.HashSet<>();

        /** An interface with zero or more {@code A.B.C.D/P} addresses. */
        Builder iface(String name, String... cidrs) {
            List<InterfaceAddress> list = interfaces.computeIfAbsent(name, n -> new ArrayList<>());
            for (String cidr : cidrs) {
                String[] parts = cidr.split("/");
                Inet4Address a = Args.parseIpv4(parts[0]);
                if (a == null) {
                    throw new IllegalArgumentException("not an IPv4 address: " + cidr);
                }
                list.add(new InterfaceAddress(a, Integer.parseInt(parts[1])));
            }
            return this;
        }

        Builder user(String name) {
            users.add(name);
            return this;
        }

        FixedHost build() {
            return new FixedHost(interfaces, users);
        }
    }

    @Override
    public Optional<List<InterfaceAddress>> interfaceAddresses(String name) {
        return Optional.ofNullable(interfaces.get(name)).map(List::copyOf);
    }

    @Override
    public Optional<List<FileFacts>> pathFacts(String absolutePath) {
        Path real;
        try {
            real = Path.of(absolutePath).toRealPath();
        } catch (IOException | InvalidPathException e) {
            return Optional.empty();
        }
        List<FileFacts> out = new ArrayList<>();
        Path p = real.getRoot();
        out.add(new FileFacts(p.toString(), true, false, 0, 0, 0755));
        int count = real.getNameCount();
        for (int i = 0; i < count; i++) {
            p = p.resolve(real.getName(i));
            boolean last = i == count - 1;
            if (!last || Files.isDirectory(p)) {
                out.add(new FileFacts(p.toString(), true, false, 0, 0, 0755));
            } else {
                try {
                    int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
                    out.add(new FileFacts(p.toString(), false, Files.isRegularFile(p), 0, 0, mode));
                } catch (IOException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(out);
    }

    @Override
    public boolean userExists(String name) {
        return users.contains(name);
    }
}
