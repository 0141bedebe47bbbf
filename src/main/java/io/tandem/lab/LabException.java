package io.tandem.lab;

/**
 * A lab operation failed: a command exited non-zero or timed out, a daemon did not become ready,
 * or teardown could not remove something. The message names the command and carries its stderr
 * (or the tail of the daemon's log), so a failing test explains itself.
 */
public final class LabException extends RuntimeException {
    public LabException(String message) {
        super(message);
    }

    public LabException(String message, Throwable cause) {
        super(message, cause);
    }
}
