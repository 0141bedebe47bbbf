package io.tandem.config;

import java.time.Duration;
import java.util.Optional;

/** {@code TCP_CHECK { ... }}: the real server is up when a TCP connection opens in time. */
public record TcpCheck(
        Optional<String> connectIp,
        Optional<Integer> connectPort,
        Duration connectTimeout,
        int retry,
        Duration delayBeforeRetry,
        SourceLocation at) implements Checker {

    /** keepalived's defaults: 5 s connect timeout, 1 retry, 1 s between retries. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_RETRY = 1;
    public static final Duration DEFAULT_DELAY_BEFORE_RETRY = Duration.ofSeconds(1);
}
