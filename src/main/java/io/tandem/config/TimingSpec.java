package io.tandem.config;

import java.time.Duration;
import java.util.Optional;

/**
 * The timing keywords written at one level (virtual server, real server or checker), each empty
 * when not written there; {@link #over} fills gaps from the level above, {@link #resolve} from the
 * checker type's defaults.
 */
record TimingSpec(Optional<Integer> retry, Optional<Duration> delayBeforeRetry, Optional<Duration> delayLoop,
                  Optional<Duration> warmup, Optional<Boolean> alpha, Optional<Duration> connectTimeout) {
    static final TimingSpec NONE = new TimingSpec(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty());

    TimingSpec over(TimingSpec parent) {
        return new TimingSpec(retry.or(parent::retry), delayBeforeRetry.or(parent::delayBeforeRetry), delayLoop.or(parent::delayLoop),
                warmup.or(parent::warmup), alpha.or(parent::alpha), connectTimeout.or(parent::connectTimeout));
    }

    TimingSpec withRetry(int r) {
        return new TimingSpec(Optional.of(r), delayBeforeRetry, delayLoop, warmup, alpha, connectTimeout);
    }

    TimingSpec withDelayBeforeRetry(Duration d) {
        return new TimingSpec(retry, Optional.of(d), delayLoop, warmup, alpha, connectTimeout);
    }

    TimingSpec withDelayLoop(Duration d) {
        return new TimingSpec(retry, delayBeforeRetry, Optional.of(d), warmup, alpha, connectTimeout);
    }

    TimingSpec withWarmup(Duration d) {
        return new TimingSpec(retry, delayBeforeRetry, delayLoop, Optional.of(d), alpha, connectTimeout);
    }

    TimingSpec withAlpha(boolean a) {
        return new TimingSpec(retry, delayBeforeRetry, delayLoop, warmup, Optional.of(a), connectTimeout);
    }

    TimingSpec withConnectTimeout(Duration d) {
        return new TimingSpec(retry, delayBeforeRetry, delayLoop, warmup, alpha, Optional.of(d));
    }

    /** keepalived's resolution: warmup defaults to the checker's delay_loop, delay_loop to the virtual server's. */
    CheckerTiming resolve(int defaultRetry, Duration serviceDelayLoop) {
        Duration loop = delayLoop.orElse(serviceDelayLoop);
        return new CheckerTiming(retry.orElse(defaultRetry), delayBeforeRetry.orElse(CheckerTiming.DEFAULT_DELAY_BEFORE_RETRY),
                loop, warmup.orElse(loop), alpha.orElse(false));
    }
}
