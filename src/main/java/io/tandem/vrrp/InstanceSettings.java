package io.tandem.vrrp;

import java.net.Inet4Address;
import java.time.Duration;
import java.util.Objects;

/**
 * What one VRRP instance's state machine needs from the configuration.
 *
 * <p>The compact constructor applies keepalived's own corrections (vrrp.c
 * {@code vrrp_complete_instance}, 2.2.7), which keepalived reports as configuration warnings, so
 * the machine never runs a combination keepalived would not run:
 * <ul>
 *   <li>an address owner (priority 255) always preempts ("nopreempt is incompatible with priority 255");</li>
 *   <li>an instance that wants MASTER at start-up ({@code state MASTER}, or an owner without a
 *       {@code state} keyword) always preempts and has no preempt delay;</li>
 *   <li>{@code nopreempt} clears {@code preempt_delay}.</li>
 * </ul>
 *
 * @param version         VRRP version
 * @param priority        the configured (base) priority, 1..255
 * @param advertInterval  Advertisement_Interval, positive
 * @param preempt         Preempt_Mode ({@code nopreempt} makes it false)
 * @param preemptDelay    keepalived's {@code preempt_delay}: how long a backup keeps accepting a
 *                        lower-priority master after it first heard it (see {@link VrrpInstanceMachine})
 * @param initialState    the {@code state} keyword
 * @param primaryAddress  this router's primary IPv4 address, compared with a peer's on equal priority
 * @param garp            gratuitous ARP settings
 * @param soleBackup      this router knows it is the only backup of its master (one unicast peer,
 *                        or the other master named by a {@code mysql { peer }} block): on the
 *                        master's priority 0 it takes over at once instead of after Skew_Time,
 *                        which only orders several backups (a deliberate departure from RFC 5798
 *                        §6.4.2, see {@link VrrpInstanceMachine})
 */
public record InstanceSettings(
        ProtocolVersion version,
        int priority,
        Duration advertInterval,
        boolean preempt,
        Duration preemptDelay,
        InitialState initialState,
        Inet4Address primaryAddress,
        GarpSettings garp,
        boolean soleBackup) {

    /** Settings of a router that may have other backups beside it (the RFC's case). */
    public InstanceSettings(ProtocolVersion version, int priority, Duration advertInterval, boolean preempt, Duration preemptDelay,
                            InitialState initialState, Inet4Address primaryAddress, GarpSettings garp) {
        this(version, priority, advertInterval, preempt, preemptDelay, initialState, primaryAddress, garp, false);
    }

    /** These settings for a router that is, or is not, the only backup of its master. */
    public InstanceSettings withSoleBackup(boolean sole) {
        return new InstanceSettings(version, priority, advertInterval, preempt, preemptDelay, initialState, primaryAddress, garp,
                sole);
    }

    /** keepalived's default advertisement interval, 1 s. */
    public static final Duration DEFAULT_ADVERT_INTERVAL = Duration.ofSeconds(1);

    public InstanceSettings {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(advertInterval, "advertInterval");
        Objects.requireNonNull(preemptDelay, "preemptDelay");
        Objects.requireNonNull(initialState, "initialState");
        Objects.requireNonNull(primaryAddress, "primaryAddress");
        Objects.requireNonNull(garp, "garp");
        if (priority < Priority.MIN || priority > Priority.OWNER) {
            throw new IllegalArgumentException("priority " + priority + " outside [1, 255]");
        }
        if (advertInterval.isNegative() || advertInterval.isZero()) {
            throw new IllegalArgumentException("advert interval must be positive: " + advertInterval);
        }
        if (preemptDelay.isNegative()) {
            throw new IllegalArgumentException("negative preempt delay " + preemptDelay);
        }
        boolean wantsMaster = initialState == InitialState.MASTER
                || (initialState == InitialState.FROM_PRIORITY && priority == Priority.OWNER);
        if (priority == Priority.OWNER || wantsMaster) {
            preempt = true;
        }
        if (wantsMaster || !preempt) {
            preemptDelay = Duration.ZERO;
        }
    }

    /**
     * keepalived's defaults around the given values: v3 unless told, priority 100, 1 s interval,
     * preempt, no preempt delay, no {@code state} keyword, default GARP.
     */
    public static InstanceSettings defaults(ProtocolVersion version, Inet4Address primaryAddress) {
        return new InstanceSettings(version, Priority.DEFAULT, DEFAULT_ADVERT_INTERVAL, true, Duration.ZERO,
                InitialState.FROM_PRIORITY, primaryAddress, GarpSettings.KEEPALIVED_DEFAULTS);
    }

    /** True when keepalived's {@code wantstate} is MASTER at start-up. */
    public boolean wantsMaster() {
        return initialState == InitialState.MASTER
                || (initialState == InitialState.FROM_PRIORITY && priority == Priority.OWNER);
    }

    public InstanceSettings withPriority(int newPriority) {
        return new InstanceSettings(version, newPriority, advertInterval, preempt, preemptDelay, initialState, primaryAddress, garp);
    }

    public InstanceSettings withAdvertInterval(Duration newInterval) {
        return new InstanceSettings(version, priority, newInterval, preempt, preemptDelay, initialState, primaryAddress, garp);
    }

    public InstanceSettings withPreempt(boolean newPreempt) {
        return new InstanceSettings(version, priority, advertInterval, newPreempt, preemptDelay, initialState, primaryAddress, garp);
    }

    public InstanceSettings withPreemptDelay(Duration newDelay) {
        return new InstanceSettings(version, priority, advertInterval, preempt, newDelay, initialState, primaryAddress, garp);
    }

    public InstanceSettings withInitialState(InitialState newState) {
        return new InstanceSettings(version, priority, advertInterval, preempt, preemptDelay, newState, primaryAddress, garp);
    }

    public InstanceSettings withGarp(GarpSettings newGarp) {
        return new InstanceSettings(version, priority, advertInterval, preempt, preemptDelay, initialState, primaryAddress, newGarp);
    }
}
