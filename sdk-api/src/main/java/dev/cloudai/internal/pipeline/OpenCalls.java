package dev.cloudai.internal.pipeline;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The calls a {@code CloudAi} has open, so that closing it ends every one of them: an async call or a stream in
 * flight or waiting for its retry, a blocking call on some thread. Without it, a call whose retry was due after
 * {@code close()} (the timer stops) or whose request the closed client never answers would have no outcome at all.
 * Shared by every provider's pipeline of one {@code CloudAi}. Not API: may change without notice.
 *
 * <pre>{@code
 * OpenCalls calls = new OpenCalls();
 * CallPipeline pipeline = CallPipeline.builder("aws", mapper).timer(timer).calls(calls).build();
 * calls.close();   // every call still open ends with an IllegalStateException that says the client was closed
 * }</pre>
 */
public final class OpenCalls {

    /** A call that can be ended from outside. */
    interface Call {
        /** Ends the call with an exception that says the client was closed; harmless when it has ended already. */
        void closedUnder();
    }

    private final Set<Call> open = ConcurrentHashMap.newKeySet();
    /** Call ids, unique within the owning {@code CloudAi}: every provider's pipeline shares this object. */
    private final java.util.concurrent.atomic.AtomicLong ids = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean closed;

    /** The next call id, from 1. */
    public long nextCallId() {
        return ids.incrementAndGet();
    }

    /** Whether {@link #close()} has been called. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Registers a call that is starting.
     *
     * @return false when already closed: the call must not start, and ends itself as closed
     */
    boolean add(Call call) {
        open.add(call);
        // Checked after adding: close() either sees the call in the set or this sees the flag, never neither.
        if (closed) {
            open.remove(call);
            return false;
        }
        return true;
    }

    /** Forgets a call that has ended. */
    void remove(Call call) {
        open.remove(call);
    }

    /** How many calls are open now. */
    public int size() {
        return open.size();
    }

    /**
     * Refuses new calls and ends every open one. Idempotent.
     *
     * @return false when it was closed already
     */
    public boolean close() {
        if (closed) return false;
        synchronized (this) {
            if (closed) return false;
            closed = true;
        }
        for (Call call : open) {
            open.remove(call);
            call.closedUnder();
        }
        return true;
    }
}
