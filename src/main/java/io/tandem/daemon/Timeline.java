package io.tandem.daemon;

import io.tandem.status.TimelineEntry;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The last {@link #CAPACITY} state changes of every instance, oldest first, for the status
 * output and the live page. Loop thread only; kept across reloads (handed to the next engine).
 */
final class Timeline {
    static final int CAPACITY = 50;
    private final ArrayDeque<TimelineEntry> entries = new ArrayDeque<>(CAPACITY);

    void add(TimelineEntry e) {
        if (entries.size() == CAPACITY) {
            entries.removeFirst();
        }
        entries.addLast(e);
    }

    List<TimelineEntry> snapshot() {
        return List.copyOf(entries);
    }
}
