package io.tandem.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * How {@link Host#startMariaDb(MariaDbOptions)} configures a server. Start from {@link #defaults()}
 * and adjust with the {@code with...} methods:
 *
 * <pre>{@code
 * host.startMariaDb(MariaDbOptions.defaults().withReadOnly(true).withArgs("--gtid-strict-mode=ON"));
 * }</pre>
 *
 * @param serverId            {@code server_id}; empty means the last octet of the host's address (11, 12, ...)
 * @param gtidDomainId        {@code gtid_domain_id}; empty means the host's {@link Host#index()} (1, 2, ...),
 *                            so every server of a lab gets its own domain, which master-master
 *                            replication needs (see DESIGN.md, section 3)
 * @param readOnly            start with {@code read_only=ON}
 * @param innodbBufferPoolSize value for {@code innodb_buffer_pool_size}, e.g. {@code 32M}
 * @param innodbLogFileSize   value for {@code innodb_log_file_size}, e.g. {@code 16M}
 * @param extraArgs           further {@code mariadbd} options, appended last (so they win), e.g.
 *                            {@code --rpl-semi-sync-master-enabled=ON}
 */
public record MariaDbOptions(OptionalInt serverId, OptionalInt gtidDomainId, boolean readOnly,
                             String innodbBufferPoolSize, String innodbLogFileSize, List<String> extraArgs) {
    public MariaDbOptions {
        extraArgs = List.copyOf(extraArgs);
    }

    /**
     * Small-footprint defaults for a lab: 32 MiB buffer pool, 16 MiB redo log, automatic server and
     * domain ids, writable, no extra options.
     */
    public static MariaDbOptions defaults() {
        return new MariaDbOptions(OptionalInt.empty(), OptionalInt.empty(), false, "32M", "16M", List.of());
    }

    /** These options with {@code server_id = id}. */
    public MariaDbOptions withServerId(int id) {
        return new MariaDbOptions(OptionalInt.of(id), gtidDomainId, readOnly, innodbBufferPoolSize,
                innodbLogFileSize, extraArgs);
    }

    /** These options with {@code gtid_domain_id = id}. */
    public MariaDbOptions withGtidDomainId(int id) {
        return new MariaDbOptions(serverId, OptionalInt.of(id), readOnly, innodbBufferPoolSize,
                innodbLogFileSize, extraArgs);
    }

    /** These options with {@code read_only} set at start-up. */
    public MariaDbOptions withReadOnly(boolean on) {
        return new MariaDbOptions(serverId, gtidDomainId, on, innodbBufferPoolSize, innodbLogFileSize, extraArgs);
    }

    /** These options with the given {@code innodb_buffer_pool_size} (e.g. {@code 256M}). */
    public MariaDbOptions withInnodbBufferPoolSize(String size) {
        return new MariaDbOptions(serverId, gtidDomainId, readOnly, size, innodbLogFileSize, extraArgs);
    }

    /** These options with the given {@code innodb_log_file_size} (e.g. {@code 64M}). */
    public MariaDbOptions withInnodbLogFileSize(String size) {
        return new MariaDbOptions(serverId, gtidDomainId, readOnly, innodbBufferPoolSize, size, extraArgs);
    }

    /** These options with {@code args} appended to the extra {@code mariadbd} options. */
    public MariaDbOptions withArgs(String... args) {
        List<String> all = new ArrayList<>(extraArgs);
        all.addAll(List.of(args));
        return new MariaDbOptions(serverId, gtidDomainId, readOnly, innodbBufferPoolSize, innodbLogFileSize, all);
    }
}
