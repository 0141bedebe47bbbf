package io.tandem.daemon;

import io.tandem.check.MysqlProbe;
import io.tandem.config.MysqlCheck;
import io.tandem.mysql.MysqlEndpoint;
import java.io.IOException;

/** Builds a {@link MysqlProbe} from a configured {@code MYSQL_CHECK}, reading the password file once. */
final class MysqlProbes {
    private MysqlProbes() {}

    /** @throws IllegalStateException with a clear message when the check cannot be built */
    static MysqlProbe forScript(String name, MysqlCheck c) {
        MysqlEndpoint endpoint;
        try {
            endpoint = MysqlEndpoint.of(c);
        } catch (IOException e) {
            throw new IllegalStateException("vrrp_script " + name + ": " + e.getMessage(), e);
        }
        return new MysqlProbe(endpoint, c.expect(), c.replication(), c.maxLag(), c.retry(), c.delayBeforeRetry());
    }
}
