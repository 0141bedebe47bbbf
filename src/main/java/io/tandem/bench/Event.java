package io.tandem.bench;

/** The failovers the benchmark times. */
enum Event {
    CRASH("crash", "SIGKILL of the master's daemon (its service goes down with it)"),
    STOP("graceful stop", "SIGTERM of the master's daemon (priority 0)"),
    FAILBACK("failback", "the higher-priority daemon restarts and preempts");

    private final String label;
    private final String description;

    Event(String label, String description) {
        this.label = label;
        this.description = description;
    }

    String label() {
        return label;
    }

    String description() {
        return description;
    }
}
