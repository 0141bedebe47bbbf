package io.tandem.config;

import java.net.Inet4Address;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What validation needs to know about the host the configuration will run on: its interfaces,
 * files and users. The daemon passes the real host; tests pass a fixed one.
 */
public interface HostFacts {
    /** The IPv4 addresses of an interface, or empty when the interface does not exist. */
    Optional<List<InterfaceAddress>> interfaceAddresses(String name);

    /**
     * The facts of each component of a path after resolving symbolic links, from {@code /} down to
     * the file itself; empty when some component does not exist or cannot be reached.
     */
    Optional<List<FileFacts>> pathFacts(String absolutePath);

    boolean userExists(String name);

    /**
     * The uids that may own a secret file (a MYSQL_CHECK password_file, smtp_auth_file): root, and
     * on a real host also the user Tandem runs as and the packaged service user {@code tandem}, so
     * that the daemon can run without root and still read its secrets (owner-only mode 600).
     */
    default Set<Integer> secretOwners() {
        return Set.of(0);
    }

    /**
     * Why a file holding a secret (a MYSQL_CHECK password_file, smtp_auth_file, http_token_file)
     * cannot be used, or empty when it can: it must be an absolute path to a regular file owned by
     * one of {@link #secretOwners()} that group and others can neither read nor write
     * ({@link FileFacts#ownerOnly()}). The text follows the path in a message.
     */
    default Optional<String> secretFileProblem(String path) {
        Optional<List<FileFacts>> facts = path.startsWith("/") ? pathFacts(path) : Optional.empty();
        if (facts.isEmpty() || facts.get().isEmpty() || !facts.get().getLast().regular()) {
            return Optional.of("not found (it must be an absolute path to a file)");
        }
        FileFacts f = facts.get().getLast();
        if (!f.ownerOnly() || !secretOwners().contains(f.uid())) {
            return Optional.of("must be owned by root (or by the user Tandem runs as) and readable by its owner only (chmod 600)");
        }
        return Optional.empty();
    }

    /** An IPv4 address of an interface with its prefix length. */
    record InterfaceAddress(Inet4Address address, int prefixLength) {
        public boolean contains(Inet4Address other) {
            int mask = prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
            return (toInt(address) & mask) == (toInt(other) & mask);
        }

        static int toInt(Inet4Address a) {
            byte[] b = a.getAddress();
            return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
        }
    }

    /** One path component: its kind, owner and permission bits (as in {@code stat}). */
    record FileFacts(String path, boolean directory, boolean regular, int uid, int gid, int mode) {
        public static final int S_ISVTX = 01000;
        public static final int S_IWGRP = 020;
        public static final int S_IWOTH = 02;
        public static final int S_IRGRP = 040;
        public static final int S_IROTH = 04;
        public static final int S_IXUSR = 0100;

        /** A secret's rule: group and others can neither read nor write the file. */
        public boolean ownerOnly() {
            return (mode & (S_IRGRP | S_IROTH | S_IWGRP | S_IWOTH)) == 0;
        }

        /**
         * keepalived's rule ({@code check_security()}): every component must be owned by root, and
         * no file or non-sticky directory may be writable by others or by a non-root group.
         */
        public boolean secure() {
            if (uid != 0) {
                return false;
            }
            boolean checked = regular || (directory && (mode & S_ISVTX) == 0);
            return !checked || ((gid == 0 || (mode & S_IWGRP) == 0) && (mode & S_IWOTH) == 0);
        }
    }
}
