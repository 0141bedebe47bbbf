package io.tandem.bench;

/** The two VRRP daemons compared. */
enum DaemonKind {
    TANDEM("Tandem"),
    KEEPALIVED("keepalived");

    private final String label;

    DaemonKind(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }
}
