package io.tandem.vrrp;

import io.tandem.vrrp.Action.AddVips;
import io.tandem.vrrp.Action.CancelGratuitousArp;
import io.tandem.vrrp.Action.EffectivePriorityChanged;
import io.tandem.vrrp.Action.Notify;
import io.tandem.vrrp.Action.OwnFaultChanged;
import io.tandem.vrrp.Action.RemoveVips;
import io.tandem.vrrp.Action.SendAdvert;
import io.tandem.vrrp.Action.SendGratuitousArp;
import io.tandem.vrrp.Action.Transition;
import io.tandem.vrrp.Action.WantsBackup;
import io.tandem.vrrp.Action.WantsMaster;
import io.tandem.vrrp.InstanceState.Backup;
import io.tandem.vrrp.InstanceState.Fault;
import io.tandem.vrrp.InstanceState.Initialize;
import io.tandem.vrrp.InstanceState.Master;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The state machine of one VRRP instance: RFC 5798 §6.4 (and RFC 3768 §6.4 for v2) with
 * keepalived 2.2.7's FAULT state, start-up hints, preempt delay and effective priority.
 *
 * <p>Pure and single-threaded: {@link #handle} takes an event and the caller's monotonic time and
 * returns the new state, the actions to perform in order, and the next deadline. It never reads a
 * clock, does no I/O and keeps no reference to the caller. Every state change goes through
 * {@link #transition}, which emits {@link Transition} first and {@link Notify} last, and checks
 * S1 (addresses held if and only if MASTER).
 *
 * <p>Where this follows keepalived rather than the RFC's letter (each read in keepalived v2.2.7
 * vrrp.c / vrrp_scheduler.c / vrrp_track.c; the preempt delay, priority 0, the tie-break with
 * "forcing new election", FAULT with priority 0 and recovery to BACKUP also watched live against
 * keepalived 2.2.7 in network namespaces):
 * <ul>
 *   <li>A master that receives a lower-priority advert (or equal priority from a lower address)
 *       sends an advert at once ("forcing new election", {@code lower_prio_no_advert} off by
 *       default) and restarts Adver_Timer; the RFC only discards it.</li>
 *   <li>Preempt delay: a backup with preempt and a preempt delay keeps accepting a
 *       lower-priority master's adverts (resetting Master_Down_Timer) until {@code preempt_delay}
 *       after the first such advert; then it discards them and takes over when
 *       Master_Down_Timer fires. Hearing a higher or equal priority stops the delay; entering
 *       BACKUP (from MASTER or FAULT) forgets it. It is not measured from start-up.</li>
 *   <li>FAULT: entered from any running state when the fault condition rises; a master sends
 *       priority 0 and releases its addresses. When it clears, an owner that wants MASTER goes
 *       MASTER at once, everything else goes BACKUP with a full Master_Down_Interval.</li>
 *   <li>Effective priority changes in BACKUP move Master_Down_Timer by the change in Skew_Time;
 *       in MASTER the next advert carries the new priority (no immediate advert).
 *       keepalived moves the timer by the change of the whole Master_Down_Interval, which is the
 *       same except just after a priority 0 advert, where keepalived's shift is a side effect.</li>
 *   <li>Two owners (equal priority 255, different address): keepalived lowers the local priority
 *       to 254 and so yields; as both sides do this, both yield and the faster timer wins.</li>
 * </ul>
 * Deliberate differences from keepalived: an advert from our own address at our own priority is
 * ignored without restarting Adver_Timer (keepalived's dispatcher restarts it after every packet
 * for the VRID that a master reads, even one {@code vrrp_check_packet} rejects, so a stream of
 * such packets can silence a master); a fault sends one priority 0 advert, not
 * two (keepalived sends it in {@code vrrp_state_leave_master} and again in
 * {@code vrrp_restore_interface}; the peer logs both); start-up as owner goes INIT → MASTER directly (keepalived passes through BACKUP with a 1 µs
 * timer).
 *
 * <p>A member of a {@code vrrp_sync_group} ({@link GroupMembership}) follows keepalived's
 * {@code wantstate}: when its Master_Down_Timer fires it emits {@link WantsMaster} and stays
 * BACKUP with a fresh timer; when its own fault clears it emits {@link OwnFaultChanged} and stays
 * in FAULT. Its {@link SyncGroup} decides and moves it with {@link Event.SyncedTo}.
 * Adverts and deadlines use the local configured Advertisement_Interval when master; a v3 backup
 * adopts the master's interval for Master_Down_Interval (RFC 5798 §6.4.2).
 */
public final class VrrpInstanceMachine {
    private final InstanceSettings settings;
    private final GroupMembership membership;
    private final long advertIntervalNanos;
    private int basePriority;
    private int weightSum;
    private int effectivePriority;
    private boolean faulted;
    private boolean vipsHeld;
    /** A sync-group member in BACKUP whose Master_Down_Timer fired: keepalived's wantstate MASTER. */
    private boolean wantsMaster;
    /** A sync-group member held in FAULT by its group (another member's fault). */
    private boolean heldInFault;
    /** When this master last re-announced its addresses to another master (see {@link #masterReceived}). */
    private long lastReannounce;
    private boolean reannounced;
    private InstanceState state = new Initialize();
    private List<Action> actions = new ArrayList<>();

    public VrrpInstanceMachine(InstanceSettings settings) {
        this(settings, GroupMembership.NONE);
    }

    public VrrpInstanceMachine(InstanceSettings settings, GroupMembership membership) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.membership = Objects.requireNonNull(membership, "membership");
        this.advertIntervalNanos = settings.advertInterval().toNanos();
        this.basePriority = settings.priority();
        this.effectivePriority = basePriority;
    }

    /**
     * Handles one event at {@code nowNanos} (monotonic, the caller's clock; only differences
     * matter). Not thread-safe: one control loop owns the machine.
     *
     * @throws IllegalStateException on {@link Event.Startup} when already running
     */
    public Step handle(Event event, long nowNanos) {
        Objects.requireNonNull(event, "event");
        actions = new ArrayList<>();
        switch (event) {
            case Event.Startup _ -> startup(nowNanos);
            case Event.Resume(InstanceState before) -> resume(before, nowNanos);
            case Event.Shutdown _ -> shutdown();
            case Event.Resign _ -> resign(nowNanos);
            case Event.AdvertReceived(PeerAdvert advert) -> advertReceived(advert, nowNanos);
            case Event.TimerFired _ -> timerFired(nowNanos);
            case Event.PriorityChanged(int sum) -> priorityChanged(sum);
            case Event.FaultRaised _ -> faultRaised();
            case Event.FaultCleared _ -> faultCleared(nowNanos);
            case Event.SyncedTo(GroupState target, TransitionCause cause) -> syncedTo(target, cause, nowNanos);
        }
        return new Step(state, actions, deadline());
    }

    public InstanceState state() {
        return state;
    }

    public int effectivePriority() {
        return effectivePriority;
    }

    public InstanceSettings settings() {
        return settings;
    }

    public GroupMembership membership() {
        return membership;
    }

    /** When the machine wants {@link Event.TimerFired}; empty in INIT and FAULT. */
    public OptionalLong deadline() {
        return switch (state) {
            case Initialize _, Fault _ -> OptionalLong.empty();
            case Backup b -> OptionalLong.of(b.masterDownDeadline());
            case Master m -> OptionalLong.of(m.garpDelayDeadline().isPresent()
                    ? earlier(m.adverDeadline(), m.garpDelayDeadline().getAsLong())
                    : m.adverDeadline());
        };
    }

    // --- events --------------------------------------------------------------------------------

    /** RFC 5798 §6.4.1, with keepalived's start-up hints ({@code vrrp_init_state}). */
    private void startup(long now) {
        if (!(state instanceof Initialize)) {
            throw new IllegalStateException("Startup while " + state.label());
        }
        if (faulted || heldInFault) {
            transition(new Fault(), TransitionCause.STARTUP_IN_FAULT, () -> {});
        } else if (membership == GroupMembership.NONE && settings.wantsMaster() && basePriority == Priority.OWNER) {
            becomeMaster(now, TransitionCause.STARTUP_ADDRESS_OWNER);
        } else if (membership == GroupMembership.MEMBER_OF_OWNER_GROUP) {
            // keepalived vrrp_init_state: master_adver_int + VRRP_TIMER_SKEW_MIN, then the group decides.
            // Every member is an owner whose wantstate is MASTER from the configuration on.
            transition(new Backup(now + advertIntervalNanos + skew(Priority.OWNER, advertIntervalNanos), advertIntervalNanos,
                    OptionalLong.empty(), TransitionCause.STARTUP_ADDRESS_OWNER), TransitionCause.STARTUP, () -> {});
            wantsMaster = true;
        } else {
            // Also for state MASTER on a non-owner: see InitialState.
            transition(freshBackup(now), TransitionCause.STARTUP, () -> {});
        }
    }

    /**
     * Start-up after a reload, keeping the state from {@code before} (keepalived
     * {@code restore_vrrp_state}). A master stays MASTER (one advert at once, its addresses
     * re-added, which the kernel already has, and a gratuitous ARP burst as keepalived sends for
     * addresses it adds); a backup stays BACKUP with a fresh Master_Down_Timer. With a fault now,
     * a former master leaves as RFC 5798 says (priority 0, addresses released).
     */
    private void resume(InstanceState before, long now) {
        if (!(state instanceof Initialize)) {
            throw new IllegalStateException("Resume while " + state.label());
        }
        if (before instanceof Initialize) {
            startup(now);
        } else if (faulted || heldInFault) {
            transition(new Fault(), before instanceof Fault ? TransitionCause.RELOAD : TransitionCause.STARTUP_IN_FAULT, () -> {
                if (before instanceof Master) {
                    emit(new SendAdvert(Priority.STOP));
                    emit(new CancelGratuitousArp());
                    emit(new RemoveVips());
                }
            });
        } else if (before instanceof Master) {
            becomeMaster(now, TransitionCause.RELOAD);
        } else {
            transition(freshBackup(now), before instanceof Backup ? TransitionCause.RELOAD : TransitionCause.FAULT_CLEARED,
                    () -> {});
        }
    }

    /** RFC 5798 §6.4.2 and §6.4.3 Shutdown; keepalived {@code restore_vrrp_interfaces}. */
    private void shutdown() {
        switch (state) {
            case Initialize _ -> {}
            case Backup _, Fault _ -> transition(new Initialize(), TransitionCause.SHUTDOWN, () -> {});
            case Master _ -> transition(new Initialize(), TransitionCause.SHUTDOWN, () -> {
                emit(new SendAdvert(Priority.STOP));
                releaseAddresses();
            });
        }
    }

    /**
     * Tandem's planned switchover ({@link Event.Resign}): a master leaves as on Shutdown, but to
     * BACKUP with a full Master_Down_Interval, so it takes over again if nobody else does. Not
     * for sync-group members (the group would have to move together).
     */
    private void resign(long now) {
        if (membership != GroupMembership.NONE) {
            throw new IllegalStateException("Resign for a member of a vrrp_sync_group");
        }
        if (state instanceof Master) {
            transition(freshBackup(now), TransitionCause.RESIGNED, () -> {
                emit(new SendAdvert(Priority.STOP));
                releaseAddresses();
            });
        }
    }

    private void advertReceived(PeerAdvert advert, long now) {
        switch (state) {
            // keepalived ignores adverts in FAULT and INIT (vrrp_dispatcher_read).
            case Initialize _, Fault _ -> {}
            case Backup b -> backupReceived(b, advert, now);
            case Master m -> masterReceived(m, advert, now);
        }
    }

    /** RFC 5798 §6.4.2 "If an ADVERTISEMENT is received"; keepalived {@code vrrp_state_backup}. */
    private void backupReceived(Backup b, PeerAdvert advert, long now) {
        if (advert.priority() == Priority.STOP) {
            // Set the Master_Down_Timer to Skew_Time. Skew_Time lets the highest of several backups
            // win; the sole backup of its master (InstanceSettings.soleBackup) has nobody to wait for.
            long wait = settings.soleBackup() ? 0 : skew(effectivePriority, b.masterAdverIntervalNanos());
            state = new Backup(now + wait, b.masterAdverIntervalNanos(), b.preemptAllowedAt(), TransitionCause.MASTER_STOPPED);
            return;
        }
        long preemptDelay = settings.preemptDelay().toNanos();
        boolean preemptDelayRunning = preemptDelay > 0
                && (b.preemptAllowedAt().isEmpty() || b.preemptAllowedAt().getAsLong() - now > 0);
        if (!settings.preempt() || advert.priority() >= effectivePriority || preemptDelayRunning) {
            long masterAdverInterval = switch (settings.version()) {
                case V3 -> advert.advertInterval().toNanos();   // RFC 5798 §6.4.2: adopt the master's interval
                case V2 -> b.masterAdverIntervalNanos();
            };
            OptionalLong preemptAllowedAt = b.preemptAllowedAt();
            if (preemptDelay > 0) {
                if (advert.priority() >= effectivePriority) {
                    preemptAllowedAt = OptionalLong.empty();
                } else if (preemptAllowedAt.isEmpty()) {
                    preemptAllowedAt = OptionalLong.of(now + preemptDelay);
                }
            }
            state = new Backup(now + masterDown(effectivePriority, masterAdverInterval), masterAdverInterval,
                    preemptAllowedAt, TransitionCause.MASTER_DOWN);
            if (wantsMaster) {
                // keepalived vrrp_state_backup: "Now we have received a backup, we want to be in BACKUP state."
                wantsMaster = false;
                emit(new WantsBackup());
            }
        } else if (b.takeoverCause() != TransitionCause.PREEMPT) {
            // Discard the ADVERTISEMENT: Master_Down_Timer keeps running and we will preempt.
            state = new Backup(b.masterDownDeadline(), b.masterAdverIntervalNanos(), b.preemptAllowedAt(),
                    TransitionCause.PREEMPT);
        }
    }

    /** RFC 5798 §6.4.3 "If an ADVERTISEMENT is received"; keepalived {@code vrrp_state_master_rx}. */
    private void masterReceived(Master m, PeerAdvert advert, long now) {
        if (advert.priority() == Priority.STOP) {
            // Send an ADVERTISEMENT, reset the Adver_Timer.
            emit(new SendAdvert(effectivePriority));
            state = new Master(now + advertIntervalNanos, m.garpDelayDeadline(), m.garpRefreshDeadline());
            return;
        }
        int addressOrder = compareAddresses(advert, settings);
        if (advert.priority() == effectivePriority && addressOrder == 0) {
            // Our own address with our priority: keepalived warns and ignores it.
            return;
        }
        TransitionCause cause = null;
        if (advert.priority() == effectivePriority && effectivePriority == Priority.OWNER) {
            basePriority = Priority.MAX_BACKUP;
            setEffectivePriority(Priority.MAX_BACKUP);
            cause = TransitionCause.OWNER_CONFLICT;
        }
        boolean peerWins = advert.priority() > effectivePriority
                || (advert.priority() == effectivePriority && addressOrder > 0);
        if (!peerWins) {
            // keepalived: "received lower priority ... forcing new election".
            emit(new SendAdvert(effectivePriority));
            // Tandem, beyond keepalived: another master means a split brain is healing, and the
            // neighbours' ARP caches may point at the loser. Re-announce the addresses at once,
            // at most once per advertisement interval so a stream of such adverts cannot storm.
            if (!reannounced || now - lastReannounce >= advertIntervalNanos) {
                emit(new SendGratuitousArp(settings.garp().masterRepeat()));
                lastReannounce = now;
                reannounced = true;
            }
            state = new Master(now + advertIntervalNanos, m.garpDelayDeadline(), m.garpRefreshDeadline());
            return;
        }
        if (cause == null) {
            cause = advert.priority() > effectivePriority ? TransitionCause.HIGHER_PRIORITY
                    : TransitionCause.EQUAL_PRIORITY_HIGHER_ADDRESS;
        }
        long masterAdverInterval = switch (settings.version()) {
            case V3 -> advert.advertInterval().toNanos();
            case V2 -> advertIntervalNanos;
        };
        transition(new Backup(now + masterDown(effectivePriority, masterAdverInterval), masterAdverInterval,
                OptionalLong.empty(), TransitionCause.MASTER_DOWN), cause, this::releaseAddresses);
    }

    private void timerFired(long now) {
        switch (state) {
            case Initialize _, Fault _ -> {}
            case Backup b -> {
                if (!reached(now, b.masterDownDeadline())) {
                    return;
                }
                if (membership == GroupMembership.NONE) {
                    becomeMaster(now, b.takeoverCause());
                } else {
                    // keepalived vrrp_sync_can_goto_master: wait a whole Master_Down_Interval more
                    // unless the group moves us first.
                    wantsMaster = true;
                    emit(new WantsMaster(b.takeoverCause()));
                    state = new Backup(now + masterDown(effectivePriority, b.masterAdverIntervalNanos()),
                            b.masterAdverIntervalNanos(), b.preemptAllowedAt(), b.takeoverCause());
                }
            }
            case Master m -> {
                OptionalLong garpDelay = m.garpDelayDeadline();
                OptionalLong garpRefresh = m.garpRefreshDeadline();
                long adverDeadline = m.adverDeadline();
                if (reached(now, adverDeadline)) {
                    // RFC 5798 §6.4.3: Adver_Timer fired: send an ADVERTISEMENT, reset the timer.
                    emit(new SendAdvert(effectivePriority));
                    adverDeadline = now + advertIntervalNanos;
                    if (garpRefresh.isPresent() && reached(now, garpRefresh.getAsLong())) {
                        emit(new SendGratuitousArp(settings.garp().masterRefreshRepeat()));
                        garpRefresh = OptionalLong.of(now + settings.garp().masterRefresh().toNanos());
                    }
                }
                if (garpDelay.isPresent() && reached(now, garpDelay.getAsLong())) {
                    emit(new SendGratuitousArp(settings.garp().masterRepeat()));
                    garpDelay = OptionalLong.empty();
                }
                state = new Master(adverDeadline, garpDelay, garpRefresh);
            }
        }
    }

    /** keepalived {@code vrrp_set_effective_priority}. */
    private void priorityChanged(int newWeightSum) {
        weightSum = newWeightSum;
        int newPriority = Priority.effective(basePriority, weightSum);
        if (newPriority == effectivePriority) {
            return;
        }
        int oldPriority = effectivePriority;
        setEffectivePriority(newPriority);
        if (state instanceof Backup b) {
            // Skew_Time depends on our priority: move the running timer by the change.
            long shift = skew(newPriority, b.masterAdverIntervalNanos()) - skew(oldPriority, b.masterAdverIntervalNanos());
            state = new Backup(b.masterDownDeadline() + shift, b.masterAdverIntervalNanos(), b.preemptAllowedAt(),
                    b.takeoverCause());
        }
    }

    /** keepalived {@code down_instance}. */
    private void faultRaised() {
        if (faulted) {
            return;
        }
        faulted = true;
        // A member tells its group (between Transition and Notify when it changes state).
        Runnable report = () -> {
            if (membership != GroupMembership.NONE) {
                emit(new OwnFaultChanged(true));
            }
        };
        switch (state) {
            case Initialize _, Fault _ -> report.run();
            case Backup _ -> transition(new Fault(), TransitionCause.FAULT, report);
            case Master _ -> transition(new Fault(), TransitionCause.FAULT, () -> {
                report.run();
                emit(new SendAdvert(Priority.STOP));
                releaseAddresses();
            });
        }
    }

    /** keepalived {@code try_up_instance} and {@code vrrp_state_leave_fault}. */
    private void faultCleared(long now) {
        if (!faulted) {
            return;
        }
        faulted = false;
        if (membership != GroupMembership.NONE) {
            // keepalived try_up_instance: a member comes up only when no member of its group is
            // faulty; until its group says so it is held in FAULT.
            heldInFault = true;
            emit(new OwnFaultChanged(false));
            return;
        }
        if (state instanceof Fault) {
            if (settings.wantsMaster() && basePriority == Priority.OWNER) {
                becomeMaster(now, TransitionCause.FAULT_CLEARED);
            } else {
                transition(freshBackup(now), TransitionCause.FAULT_CLEARED, () -> {});
            }
        }
    }

    /** keepalived {@code vrrp_sync_fault}, {@code vrrp_sync_backup}, {@code vrrp_sync_master} as one member sees them. */
    private void syncedTo(GroupState target, TransitionCause cause, long now) {
        if (membership == GroupMembership.NONE) {
            throw new IllegalStateException("SyncedTo " + target + " for an instance outside any sync group");
        }
        switch (target) {
            case FAULT -> {
                heldInFault = true;
                switch (state) {
                    case Initialize _, Fault _ -> {}
                    case Backup _ -> transition(new Fault(), cause, () -> {});
                    // keepalived vrrp_state_leave_master with wantstate FAULT: one priority 0 advert.
                    case Master _ -> transition(new Fault(), cause, () -> {
                        emit(new SendAdvert(Priority.STOP));
                        releaseAddresses();
                    });
                }
            }
            case BACKUP -> {
                heldInFault = false;
                if (faulted) {
                    return;
                }
                switch (state) {
                    case Initialize _, Backup _ -> {}
                    // keepalived vrrp_state_leave_master(isync, false): no priority 0 advert.
                    case Master _ -> transition(freshBackup(now), cause, this::releaseAddresses);
                    case Fault _ -> transition(freshBackup(now), cause, () -> {});
                }
            }
            case MASTER -> {
                if (state instanceof Backup && !faulted) {
                    becomeMaster(now, cause);
                }
            }
            default -> throw new IllegalArgumentException("synced to " + target);
        }
    }

    // --- the one transition method and its helpers ----------------------------------------------

    /**
     * The only place the state kind changes: emits {@link Transition}, switches, lets
     * {@code effects} emit the side effects, checks S1, emits {@link Notify}.
     */
    private void transition(InstanceState to, TransitionCause cause, Runnable effects) {
        InstanceState from = state;
        wantsMaster = false;
        emit(new Transition(from, to, cause));
        state = to;
        effects.run();
        if (vipsHeld != (to instanceof Master)) {
            throw new IllegalStateException("S1 broken: " + from.label() + " -> " + to.label() + " leaves addresses "
                    + (vipsHeld ? "held" : "released"));
        }
        if (cause != TransitionCause.RELOAD) {
            emit(new Notify(from, to, cause));
        }
    }

    /**
     * RFC 5798 §6.4.2 "Master_Down_Timer fires" and §6.4.1 for the owner: send an ADVERTISEMENT,
     * add the addresses, broadcast gratuitous ARP, set Adver_Timer. The advert goes first so the
     * old master drops the addresses before our ARPs (keepalived {@code vrrp_state_master_tx}).
     */
    private void becomeMaster(long now, TransitionCause cause) {
        GarpSettings garp = settings.garp();
        OptionalLong garpDelay = garp.masterDelay().isZero() ? OptionalLong.empty()
                : OptionalLong.of(now + garp.masterDelay().toNanos());
        OptionalLong garpRefresh = garp.masterRefresh().isZero() ? OptionalLong.empty()
                : OptionalLong.of(now + garp.masterRefresh().toNanos());
        transition(new Master(now + advertIntervalNanos, garpDelay, garpRefresh), cause, () -> {
            emit(new SendAdvert(effectivePriority));
            emit(new AddVips());
            vipsHeld = true;
            emit(new SendGratuitousArp(garp.masterRepeat()));
        });
    }

    /** Leaving MASTER: drop queued ARPs first, then the addresses (keepalived {@code vrrp_restore_interface}). */
    private void releaseAddresses() {
        emit(new CancelGratuitousArp());
        emit(new RemoveVips());
        vipsHeld = false;
    }

    /** BACKUP with Master_Adver_Interval = Advertisement_Interval and a full Master_Down_Timer (RFC 5798 §6.4.1). */
    private Backup freshBackup(long now) {
        return new Backup(now + masterDown(effectivePriority, advertIntervalNanos), advertIntervalNanos,
                OptionalLong.empty(), TransitionCause.MASTER_DOWN);
    }

    private void setEffectivePriority(int newPriority) {
        if (newPriority != effectivePriority) {
            emit(new EffectivePriorityChanged(effectivePriority, newPriority));
            effectivePriority = newPriority;
        }
    }

    private long skew(int priority, long masterAdverIntervalNanos) {
        return VrrpTimers.skewTimeNanos(settings.version(), priority, masterAdverIntervalNanos);
    }

    private long masterDown(int priority, long masterAdverIntervalNanos) {
        return VrrpTimers.masterDownIntervalNanos(settings.version(), priority, masterAdverIntervalNanos);
    }

    private void emit(Action action) {
        actions.add(action);
    }

    /** RFC 5798 §6.4.3: primary addresses compare as unsigned 32-bit numbers (keepalived {@code inet_inaddrcmp}). */
    private static int compareAddresses(PeerAdvert advert, InstanceSettings settings) {
        return Integer.compareUnsigned(toInt(advert.source().getAddress()), toInt(settings.primaryAddress().getAddress()));
    }

    private static int toInt(byte[] a) {
        return (a[0] & 0xff) << 24 | (a[1] & 0xff) << 16 | (a[2] & 0xff) << 8 | (a[3] & 0xff);
    }

    /** Overflow-safe "now is at or after deadline" for monotonic nanoseconds. */
    private static boolean reached(long now, long deadline) {
        return now - deadline >= 0;
    }

    private static long earlier(long a, long b) {
        return a - b <= 0 ? a : b;
    }
}
