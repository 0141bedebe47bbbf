package io.tandem.host;

import io.tandem.config.HostFacts;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The facts of the host (more precisely: of the network namespace) this JVM runs in. */
public final class LocalHostFacts implements HostFacts {
    @Override
    public Optional<List<HostFacts.InterfaceAddress>> interfaceAddresses(String name) {
        try {
            NetworkInterface nif = NetworkInterface.getByName(name);
            if (nif == null) {
                // Java only sees links that have an address; keepalived accepts any link (an ifb, a DOWN dummy)
                return isLink(name) ? Optional.of(List.of()) : Optional.empty();
            }
            List<HostFacts.InterfaceAddress> out = new ArrayList<>();
            for (java.net.InterfaceAddress a : nif.getInterfaceAddresses()) {
                if (a.getAddress() instanceof Inet4Address v4) {
                    out.add(new HostFacts.InterfaceAddress(v4, a.getNetworkPrefixLength()));
                }
            }
            return Optional.of(out);
        } catch (SocketException e) {
            return Optional.empty();
        }
    }

    private static boolean isLink(String name) {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
            return false;
        }
        return Files.isDirectory(Path.of("/sys/class/net", name));
    }

    @Override
    public Optional<List<FileFacts>> pathFacts(String absolutePath) {
        try {
            Path real = Path.of(absolutePath).toRealPath();
            List<FileFacts> out = new ArrayList<>();
            Path p = real.getRoot();
            out.add(facts(p));
            for (Path component : real) {
                p = p.resolve(component);
                out.add(facts(p));
            }
            return Optional.of(out);
        } catch (IOException | UnsupportedOperationException | InvalidPathException e) {
            return Optional.empty();
        }
    }

    private static FileFacts facts(Path p) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:uid,gid,mode,isDirectory,isRegularFile", LinkOption.NOFOLLOW_LINKS);
        return new FileFacts(p.toString(), (Boolean) a.get("isDirectory"), (Boolean) a.get("isRegularFile"),
                (Integer) a.get("uid"), (Integer) a.get("gid"), (Integer) a.get("mode") & 07777);
    }

    @Override
    public boolean userExists(String name) {
        try {
            FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(name);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The system user the Debian package creates and its systemd unit runs the daemon as. */
    public static final String SERVICE_USER = "tandem";

    @Override
    public Set<Integer> secretOwners() {
        Set<Integer> out = new TreeSet<>(List.of(0));
        try {
            out.add((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | RuntimeException e) {
            // no /proc: root only
        }
        passwdUid(SERVICE_USER).ifPresent(out::add);
        return Set.copyOf(out);
    }

    private static Optional<Integer> passwdUid(String user) {
        try (var lines = Files.lines(Path.of("/etc/passwd"))) {
            return lines.map(l -> l.split(":", -1)).filter(f -> f.length > 2 && f[0].equals(user))
                    .map(f -> Integer.valueOf(f[2])).findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
