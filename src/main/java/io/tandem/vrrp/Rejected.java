package io.tandem.vrrp;

import java.util.Objects;

/** A datagram dropped, with the rule it broke and a short detail for the log. */
public record Rejected(Reason reason, String detail) implements DecodeResult, Verdict {
    public Rejected {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }

    @Override
    public String toString() {
        return reason + ": " + detail;
    }
}
