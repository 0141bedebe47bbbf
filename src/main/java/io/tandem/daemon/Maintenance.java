package io.tandem.daemon;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * {@code tandem maintenance on|off}: while on, what tracking says no longer moves a VIP (see
 * {@link InstanceRuntime#retrack}); checks keep running and reporting. One per daemon, carried
 * across reloads. Kept in a file beside the control socket (when there is one), so a restarted
 * daemon is still in maintenance; {@code /run} is emptied at boot, so a reboot ends it.
 */
final class Maintenance {
    private static final System.Logger LOG = System.getLogger(Maintenance.class.getName());
    private final Optional<Path> file;
    private volatile Instant since;

    private Maintenance(Optional<Path> file, Instant since) {
        this.file = file;
        this.since = since;
    }

    /** Not kept anywhere (no control socket, tests). */
    static Maintenance inMemory() {
        return new Maintenance(Optional.empty(), null);
    }

    /** Kept in {@code file}; on if the file is there (a daemon restarted during maintenance). */
    static Maintenance keptIn(Path file) {
        Instant since = null;
        if (Files.exists(file)) {
            try {
                since = Instant.parse(Files.readString(file).strip());
            } catch (IOException | DateTimeParseException e) {
                since = Instant.now();
            }
            LOG.log(Level.WARNING, "maintenance is on (since {0}, kept in {1}): tracking does not move VIPs;"
                    + " 'tandem maintenance off' ends it", since, file);
        }
        return new Maintenance(Optional.of(file), since);
    }

    boolean on() {
        return since != null;
    }

    Optional<Instant> since() {
        return Optional.ofNullable(since);
    }

    /** Turns it on or off; returns false when it already was. A file that cannot be written is logged, not fatal. */
    synchronized boolean set(boolean on) {
        if (on == on()) {
            return false;
        }
        since = on ? Instant.now() : null;
        file.ifPresent(f -> {
            try {
                if (on) {
                    Files.writeString(f, since + "\n");
                } else {
                    Files.deleteIfExists(f);
                }
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot {0} {1}: {2}; maintenance is {3} until the daemon restarts", on ? "write" : "remove",
                        f, e.getMessage(), on ? "on" : "off");
            }
        });
        return true;
    }

    /** {@code maintenance on|off|status}; {@code retrack} runs when it goes off (tracking applies again). */
    Operations.Outcome answer(ControlRequest request, Runnable retrack) {
        String mode = request.word(0).orElse("status");
        return switch (mode) {
            case "status" -> Operations.Outcome.done(since().map(t -> "maintenance is on (since " + t
                    + "): tracking does not move VIPs").orElse("maintenance is off"));
            case "on" -> {
                boolean changed = set(true);
                LOG.log(Level.WARNING, "maintenance on{0}: checks keep running; what they say no longer moves a VIP",
                        changed ? "" : " (already on)");
                yield Operations.Outcome.done(changed ? "maintenance on: the current placement is held; checks keep running"
                        : "maintenance was already on (since " + since().orElseThrow() + ")");
            }
            case "off" -> {
                boolean changed = set(false);
                LOG.log(Level.INFO, "maintenance off{0}: tracking applies again", changed ? "" : " (already off)");
                retrack.run();
                yield Operations.Outcome.done(changed ? "maintenance off: tracking applies again" : "maintenance was already off");
            }
            default -> Operations.Outcome.refused("maintenance: say on, off or status (not '" + mode + "')");
        };
    }
}
