package io.tandem.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class AsyncLogHandlerTest {

    @Test
    void writesEveryRecordInOrderAndDrainsOnClose() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AsyncLogHandler h = new AsyncLogHandler(new PlainLogFormatter(), new PrintStream(bytes, true, StandardCharsets.UTF_8), 16);
        for (int i = 0; i < 10; i++) {
            h.publish(new LogRecord(Level.INFO, "line " + i));
        }
        h.close();
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text.lines()).hasSize(10);
        assertThat(text.lines().map(l -> l.substring(l.indexOf(": ") + 2)).toList())
                .containsExactly("line 0", "line 1", "line 2", "line 3", "line 4", "line 5", "line 6", "line 7", "line 8", "line 9");
        assertThat(h.dropped()).isZero();
    }

    @Test
    void aStalledOutputNeverBlocksTheCallerAndDropsAreCountedAndReported() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch writing = new CountDownLatch(1);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        OutputStream stalled = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                writing.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                bytes.write(b, off, len);
            }
        };
        AsyncLogHandler h = new AsyncLogHandler(new PlainLogFormatter(), new PrintStream(stalled, false, StandardCharsets.UTF_8), 4);
        h.publish(new LogRecord(Level.INFO, "first"));
        writing.await();   // the writer thread is now stuck in the output
        for (int i = 0; i < 100; i++) {
            h.publish(new LogRecord(Level.INFO, "more " + i));   // returns although nothing can be written
        }
        assertThat(h.dropped()).isEqualTo(96);
        release.countDown();
        h.close();
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("first", "more 0", "more 3", "96 log line(s) dropped");
        assertThat(text).doesNotContain("more 4");
    }
}
