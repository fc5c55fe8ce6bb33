package dev.cloudai.testkit;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the requests an emulator holds at once, and the most it held: a request enters when it arrives and exits
 * when its answer goes out (a delayed answer stays in flight for its whole delay). Count a request out before its
 * client can have the answer, not after: a client that has it may already have sent its next request. The emulators keep one each
 * ({@link CountsInFlight}); an emulator of your own can too.
 *
 * <pre>{@code
 * InFlightGauge gauge = new InFlightGauge();
 * gauge.enter();          // a request arrived
 * gauge.exit();           // its answer is going out
 * gauge.max();            // 1
 * }</pre>
 */
public final class InFlightGauge {
    private final AtomicInteger current = new AtomicInteger();
    private final AtomicInteger max = new AtomicInteger();

    /** A request arrived. */
    public void enter() {
        int now = current.incrementAndGet();
        max.accumulateAndGet(now, Math::max);
    }

    /** A request's answer is going out, or the request ended without one. */
    public void exit() {
        current.decrementAndGet();
    }

    /** The requests in flight now. */
    public int current() {
        return current.get();
    }

    /** The most requests in flight at once since this gauge was made or last {@link #resetMax() reset}. */
    public int max() {
        return max.get();
    }

    /** Starts measuring the maximum again, from the requests in flight now. */
    public void resetMax() {
        max.set(current.get());
    }
}
