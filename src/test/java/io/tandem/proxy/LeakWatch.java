package io.tandem.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test when Netty's leak detector (paranoid in surefire's configuration) reports a buffer
 * that was garbage-collected without being released. Netty logs leaks through java.util.logging
 * here (no other logging framework on the class path); this catches those records.
 */
final class LeakWatch implements BeforeEachCallback, AfterEachCallback {
    private static final Logger NETTY = Logger.getLogger(ResourceLeakDetector.class.getName());
    private final List<String> leaks = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getMessage() != null && r.getMessage().contains("LEAK")) {
                leaks.add(r.getMessage());
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @Override
    public void beforeEach(ExtensionContext context) {
        assertThat(ResourceLeakDetector.getLevel()).as("surefire sets -Dio.netty.leakDetection.level=paranoid")
                .isEqualTo(ResourceLeakDetector.Level.PARANOID);
        leaks.clear();
        NETTY.addHandler(handler);
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        try {
            // leaks are reported when a later allocation polls the reference queue after a GC
            for (int i = 0; i < 5; i++) {
                System.gc();
                Thread.sleep(20);
                for (int j = 0; j < 10; j++) {
                    ByteBuf b = PooledByteBufAllocator.DEFAULT.buffer(16);
                    b.release();
                }
            }
            assertThat(leaks).as("Netty buffer leaks").isEmpty();
        } finally {
            NETTY.removeHandler(handler);
        }
    }
}
