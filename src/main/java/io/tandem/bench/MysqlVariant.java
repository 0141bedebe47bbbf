package io.tandem.bench;

import java.util.Arrays;
import java.util.List;

/**
 * The configurations the MySQL failover benchmark compares, one lab each: Tandem as its README
 * tells a user to configure it (a {@code MYSQL_CHECK} at weight 0 plus the {@code mysql {}} block
 * with the peer), and keepalived the way the seed's setup does it (a {@code vrrp_script} that pings
 * port 3306), once with a weight that drops the master below the backup and once with weight 0
 * (FAULT), the two styles issue 4 measured.
 */
enum MysqlVariant {
    /** Tandem with nothing but the required keywords: check interval 1 s, fall 1, rise 1, connect_timeout 2 s. */
    TANDEM_DEFAULTS("tandem", DaemonKind.TANDEM, "Tandem, defaults"),
    /** Tandem with the timings of the README's sample: interval 0.5 s, fall 2, rise 2, connect_timeout 0.5 s. */
    TANDEM_SAMPLE("tandem-sample", DaemonKind.TANDEM, "Tandem, README sample"),
    /** Tandem with the timings of the lab tests and the demo: interval 0.3 s, fall 1, rise 2, connect_timeout 0.5 s. */
    TANDEM_FAST("tandem-fast", DaemonKind.TANDEM, "Tandem, interval 0.3 s"),
    /** keepalived, the seed's style: the check's weight -60 brings priority 150 below the backup's 100. */
    KEEPALIVED_WEIGHT("keepalived-weight", DaemonKind.KEEPALIVED, "keepalived, weight -60"),
    /** keepalived with weight 0: a failing check puts the instance in FAULT (priority 0 advert). */
    KEEPALIVED_FAULT("keepalived-fault", DaemonKind.KEEPALIVED, "keepalived, weight 0 (FAULT)");

    private final String id;
    private final DaemonKind kind;
    private final String label;

    MysqlVariant(String id, DaemonKind kind, String label) {
        this.id = id;
        this.kind = kind;
        this.label = label;
    }

    /** The name on the command line and in the csv. */
    String id() {
        return id;
    }

    DaemonKind kind() {
        return kind;
    }

    /** The row's name in the report. */
    String label() {
        return label;
    }

    boolean tandem() {
        return kind == DaemonKind.TANDEM;
    }

    /** Parses a comma-separated list of ids ({@code tandem,keepalived-weight}); unknown ids are an error naming the known ones. */
    static List<MysqlVariant> parseList(String text) {
        return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).map(MysqlVariant::parse)
                .distinct().sorted().toList();
    }

    static MysqlVariant parse(String id) {
        for (MysqlVariant v : values()) {
            if (v.id.equals(id)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown variant " + id + " (known: "
                + String.join(", ", Arrays.stream(values()).map(MysqlVariant::id).toList()) + ")");
    }
}
