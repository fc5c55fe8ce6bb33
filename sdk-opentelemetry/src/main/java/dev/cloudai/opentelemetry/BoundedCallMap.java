package dev.cloudai.opentelemetry;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Per-call state keyed by call id, holding at most {@code capacity} entries: past that, the oldest call (the lowest
 * id: a {@code CloudAi} numbers its calls in order) is dropped and handed to {@code onEvict}. The listener contract
 * promises one {@code CallFinished} per call, which removes the entry; the bound only keeps a contract breach or a
 * listener shared by several clients from growing the map without end.
 *
 * <pre>{@code
 * BoundedCallMap<String> m = new BoundedCallMap<>(2, dropped -> {});
 * m.put(1, "a"); m.put(2, "b"); m.put(3, "c");   // 1 is dropped
 * }</pre>
 */
final class BoundedCallMap<V> {
    private final ConcurrentSkipListMap<Long, V> entries = new ConcurrentSkipListMap<>();
    // ConcurrentSkipListMap.size() walks the whole map; the count is kept beside it
    private final AtomicInteger size = new AtomicInteger();
    private final int capacity;
    private final Consumer<V> onEvict;

    BoundedCallMap(int capacity, Consumer<V> onEvict) {
        this.capacity = capacity;
        this.onEvict = onEvict;
    }

    void put(long callId, V value) {
        V before = entries.put(callId, value);
        if (before == null) {
            size.incrementAndGet();
        } else {
            onEvict.accept(before);
        }
        while (size.get() > capacity) {
            Map.Entry<Long, V> oldest = entries.pollFirstEntry();
            if (oldest == null) break;
            size.decrementAndGet();
            onEvict.accept(oldest.getValue());
        }
    }

    V get(long callId) {
        return entries.get(callId);
    }

    V remove(long callId) {
        V removed = entries.remove(callId);
        if (removed != null) size.decrementAndGet();
        return removed;
    }

    int size() {
        return size.get();
    }
}
