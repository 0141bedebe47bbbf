package io.tandem.daemon;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The default log sink: one line per record on standard error, UTC wall time (logs are read by
 * people; timers use monotonic time), level, logger's last name segment, message.
 * All code logs through {@link System.Logger}; this only configures the JDK's default backend.
 */
public final class PlainLogFormatter extends Formatter {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    @Override
    public String format(LogRecord r) {
        String name = r.getLoggerName() == null ? "" : r.getLoggerName();
        StringBuilder sb = new StringBuilder(160)
                .append(TIME.format(Instant.ofEpochMilli(r.getMillis()))).append(' ')
                .append(level(r.getLevel())).append(' ')
                .append(name.substring(name.lastIndexOf('.') + 1)).append(": ")
                .append(formatMessage(r)).append('\n');
        if (r.getThrown() != null) {
            StringWriter w = new StringWriter();
            r.getThrown().printStackTrace(new PrintWriter(w));
            sb.append(w);
        }
        return sb.toString();
    }

    private static String level(Level l) {
        if (l.intValue() >= Level.SEVERE.intValue()) {
            return "ERROR";
        } else if (l.intValue() >= Level.WARNING.intValue()) {
            return "WARN ";
        } else if (l.intValue() >= Level.INFO.intValue()) {
            return "INFO ";
        }
        return "DEBUG";
    }

    /** Routes all logging to standard error in this format, synchronously; {@code detailed} adds debug records. */
    public static void install(boolean detailed) {
        ConsoleHandler console = new ConsoleHandler();
        console.setFormatter(new PlainLogFormatter());
        install(console, detailed);
    }

    /**
     * For the daemon: the same, written by {@link AsyncLogHandler} so no thread of the daemon ever
     * waits for standard error; what is queued is written out when the JVM exits.
     */
    public static void installAsync(boolean detailed) {
        AsyncLogHandler async = new AsyncLogHandler(new PlainLogFormatter(), System.err, AsyncLogHandler.DEFAULT_CAPACITY);
        install(async, detailed);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("tandem-log-drain").unstarted(async::close));
    }

    private static void install(Handler handler, boolean detailed) {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        Level level = detailed ? Level.FINE : Level.INFO;
        handler.setLevel(level);
        root.addHandler(handler);
        root.setLevel(level);
        NETTY.setLevel(Level.INFO); // Netty's own debug records (fd bookkeeping, allocator sizes) are not for operators
    }

    /** Held here: java.util.logging keeps loggers only weakly, and a collected logger forgets its level. */
    private static final Logger NETTY = Logger.getLogger("io.netty");
}
