package io.tandem.track;

/**
 * The up/down state of one periodic check with keepalived's {@code rise} and {@code fall}: a
 * check that is down comes up after {@code rise} consecutive successes, one that is up goes down
 * after {@code fall} consecutive failures. Before its first result a check is <em>unknown</em>;
 * its first result decides at once (keepalived: "one success is enough"), unless
 * {@code init_fail} started it as down.
 *
 * <p>Mirrors keepalived 2.2.7's counter ({@code vrrp_script_child_thread}): {@code result} runs
 * from 0 to {@code rise + fall - 1} and the check is up when {@code result >= rise}.
 */
public record RiseFall(int rise, int fall, int result, boolean known) {
    public RiseFall {
        if (rise < 1 || fall < 1) {
            throw new IllegalArgumentException("rise and fall must be at least 1: " + rise + "/" + fall);
        }
        if (result < 0 || result > rise + fall - 1) {
            throw new IllegalArgumentException("result out of range: " + result);
        }
    }

    /** A new check: unknown, or down when {@code initFail}. */
    public static RiseFall initial(int rise, int fall, boolean initFail) {
        return initFail ? new RiseFall(rise, fall, 0, true) : new RiseFall(rise, fall, rise - 1, false);
    }

    public boolean up() {
        return known && result >= rise;
    }

    /** The state after one more result. */
    public RiseFall record(boolean success) {
        if (success) {
            if (known && result < rise - 1) {
                return new RiseFall(rise, fall, result + 1, true);
            }
            return new RiseFall(rise, fall, rise + fall - 1, true);
        }
        if (known && result > rise) {
            return new RiseFall(rise, fall, result - 1, true);
        }
        return new RiseFall(rise, fall, 0, true);
    }
}
