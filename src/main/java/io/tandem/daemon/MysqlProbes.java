package io.tandem.daemon;

import io.tandem.check.MysqlProbe;
import io.tandem.config.MysqlCheck;
import io.tandem.mysql.MysqlEndpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds a {@link MysqlProbe} from a configured {@code MYSQL_CHECK}, reading the password file once. */
final class MysqlProbes {
    static final String DEFAULT_HOST = "127.0.0.1";
    static final int DEFAULT_PORT = 3306;

    private MysqlProbes() {}

    /** @throws IllegalStateException with a clear message when the check cannot be built */
    static MysqlProbe forScript(String name, MysqlCheck c) {
        if (c.socket().isPresent()) {
            throw new IllegalStateException("vrrp_script " + name + ": MYSQL_CHECK 'socket' is not supported yet;"
                    + " use connect_ip and connect_port");
        }
        String password = c.password().orElse(null);
        if (c.passwordFile().isPresent()) {
            try {
                password = Files.readString(Path.of(c.passwordFile().get()), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new IllegalStateException("vrrp_script " + name + ": cannot read password_file "
                        + c.passwordFile().get() + ": " + e.getMessage(), e);
            }
        }
        MysqlEndpoint endpoint = new MysqlEndpoint(c.connectIp().orElse(DEFAULT_HOST), c.connectPort().orElse(DEFAULT_PORT),
                c.user().orElse("root"), password, c.connectTimeout());
        return new MysqlProbe(endpoint, c.expect(), c.replication(), c.maxLag(), c.retry(), c.delayBeforeRetry());
    }
}
