package io.tandem.daemon;

/**
 * What an operator may change in the running daemon: the verbs DBAs know from patronictl and
 * orchestrator. The control socket (owner-only) and the HTTP endpoint (with a token) both call
 * these; each answers with text for people and whether it was done. Implementations never block
 * the control loop: long steps run on their own threads and the caller waits for the answer.
 */
interface Operations {
    /**
     * {@code switchover [NAME] [to=HOST] [max-lag=SECONDS] [wait=SECONDS]}: moves the write VIP of
     * the instance to the other master in the safe order, or refuses with the reason.
     */
    Outcome switchover(ControlRequest request);

    /** {@code maintenance on|off|status}: hold the current placement (no automatic failover). */
    Outcome maintenance(ControlRequest request);

    /** {@code drain BACKEND [vs=ADDR:PORT]}: no new connections to the backend; existing ones finish. */
    Outcome drain(ControlRequest request);

    /** {@code ready BACKEND [vs=ADDR:PORT]}: ends a drain. */
    Outcome ready(ControlRequest request);

    /** The verbs of the four operations, as requests name them. */
    java.util.Set<String> VERBS = java.util.Set.of("switchover", "maintenance", "drain", "ready");

    /**
     * The operation {@code request} names (one of {@link #VERBS}); the control socket and HTTP
     * both come through here.
     *
     * @throws IllegalArgumentException for any other verb
     */
    default Outcome perform(ControlRequest request) {
        return switch (request.verb()) {
            case "switchover" -> switchover(request);
            case "maintenance" -> maintenance(request);
            case "drain" -> drain(request);
            case "ready" -> ready(request);
            default -> throw new IllegalArgumentException("no operation " + request.verb());
        };
    }

    /**
     * The answer to one operation.
     *
     * @param done true when it was carried out; false when refused or failed (the text says why)
     * @param text for people, one or more lines, ending with a newline
     */
    record Outcome(boolean done, String text) {
        static Outcome refused(String why) {
            return new Outcome(false, "error: " + why + (why.endsWith("\n") ? "" : "\n"));
        }

        static Outcome done(String text) {
            return new Outcome(true, text.endsWith("\n") ? text : text + "\n");
        }
    }

    /** A daemon without operations (tests of the read-only parts). */
    Operations NONE = new Operations() {
        private Outcome none() {
            return Outcome.refused("this daemon takes no operations");
        }

        @Override
        public Outcome switchover(ControlRequest request) {
            return none();
        }

        @Override
        public Outcome maintenance(ControlRequest request) {
            return none();
        }

        @Override
        public Outcome drain(ControlRequest request) {
            return none();
        }

        @Override
        public Outcome ready(ControlRequest request) {
            return none();
        }
    };
}
