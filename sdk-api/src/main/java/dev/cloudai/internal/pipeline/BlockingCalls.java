package dev.cloudai.internal.pipeline;

import io.github.resilience4j.retry.Retry;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * The blocking form of a call: attempts and backoffs on the calling thread, until an answer, a failure that is not
 * retried, or the deadline. The thread is registered with {@link OpenCalls}, so closing the client interrupts a
 * backoff or a request that honours interrupts instead of waiting for it. Not API.
 *
 * <pre>{@code
 * ChatResponse r = blocking.call("chat", () -> raw.chat(request));
 * }</pre>
 */
final class BlockingCalls {
    private final CallPipeline pipeline;

    BlockingCalls(CallPipeline pipeline) {
        this.pipeline = pipeline;
    }

    /** Runs a blocking call, retrying on the calling thread. */
    <T> T call(CallInfo info, Supplier<T> attempt) {
        BlockingCall open = open();
        try {
            CallInfo call = pipeline.begin(info);
            long start = System.nanoTime();
            T result = retry(call, start, attempt);
            pipeline.events().finished(call, start, result, null);
            return result;
        } finally {
            close(open);
        }
    }

    /**
     * Opens a lazily read stream as one call: the opening is attempted and retried like a blocking call (its thread
     * interrupted when the client closes), then the reading belongs to the returned {@link ReadingCall}, which
     * reports the call's one outcome when the stream ends, fails or is closed.
     */
    <T> java.util.stream.Stream<T> openStream(CallInfo info, Supplier<java.util.stream.Stream<T>> open) {
        BlockingCall opening = open();
        CallInfo call;
        long start;
        java.util.stream.Stream<T> upstream;
        try {
            call = pipeline.begin(info);
            start = System.nanoTime();
            upstream = retry(call, start, () -> java.util.Objects.requireNonNull(open.get(),
                    "the provider returned no stream of " + info.operation()));
        } finally {
            close(opening);
        }
        return ReadingCall.start(pipeline, call, start, upstream);
    }

    /** Runs a blocking call once: errors are mapped but not retried, for calls that are unsafe to repeat blindly. */
    <T> T callOnce(CallInfo info, Supplier<T> attempt) {
        BlockingCall open = open();
        info = pipeline.begin(info);
        long start = System.nanoTime();
        try {
            T result = attempt.get();
            pipeline.events().finished(info, start, result, null);
            return result;
        } catch (RuntimeException e) {
            ErrorTranslator errors = pipeline.errors();
            RuntimeException failure = errors.closedOr(info.operation(), errors.map(info.operation(), e));
            pipeline.events().finished(info, start, null, failure);
            throw failure;
        } finally {
            close(open);
        }
    }

    /**
     * Attempts until an answer, which is returned for the caller to report, or a failure that is not retried, which
     * is reported as the call's outcome and thrown.
     */
    private <T> T retry(CallInfo info, long start, Supplier<T> attempt) {
        ErrorTranslator errors = pipeline.errors();
        CallEvents events = pipeline.events();
        OpenCalls calls = pipeline.calls();
        long deadline = start + pipeline.timeout().toNanos();
        Retry.AsyncContext<Object> ctx = null;   // made at the first failure: most calls succeed at once
        for (int n = 1; ; n++) {
            try {
                T result = attemptOnce(info, n, attempt);
                if (ctx != null) ctx.onComplete();
                return result;
            } catch (RuntimeException e) {
                RuntimeException failure = errors.closedOr(info.operation(), errors.map(info.operation(), e));
                if (ctx == null) ctx = pipeline.retryPolicy().newContext();
                long wait = RetryPolicy.nextWait(ctx, failure, deadline);
                if (wait < 0) {
                    events.finished(info, start, null, failure);
                    throw failure;
                }
                events.retried(info, n, wait, failure);
                try {
                    pipeline.timer().sleep(Duration.ofMillis(wait));
                } catch (InterruptedException ie) {
                    if (calls.isClosed()) {
                        failure = errors.closedWhileOpen(info.operation(), failure);   // the interrupt was close()'s, not the caller's
                    } else {
                        Thread.currentThread().interrupt();
                        failure.addSuppressed(ie);
                    }
                    events.finished(info, start, null, failure);
                    throw failure;
                }
                if (calls.isClosed()) {
                    failure = errors.closedWhileOpen(info.operation(), failure);
                    events.finished(info, start, null, failure);
                    throw failure;
                }
            }
        }
    }

    /** One attempt, holding the guards' permit while it runs; its failure is mapped and counted by the circuit. */
    private <T> T attemptOnce(CallInfo info, int n, Supplier<T> attempt) {
        AttemptPermit permit = pipeline.guard().acquire(info.operation(), info.id());
        pipeline.events().attempted(info, n);
        try {
            T result = attempt.get();
            permit.succeeded();
            return result;
        } catch (RuntimeException e) {
            RuntimeException failure = pipeline.errors().map(info.operation(), e);
            permit.failed(failure);
            throw failure;
        }
    }

    private BlockingCall open() {
        BlockingCall open = new BlockingCall();
        if (!pipeline.calls().add(open)) throw pipeline.errors().closedException();
        return open;
    }

    private void close(BlockingCall open) {
        pipeline.calls().remove(open);
        open.end();
    }

    /**
     * The thread of a blocking call, interrupted when the client closes under it, so that a backoff, a deployment's
     * status polling or a request in a cloud SDK that honours interrupts ends at once instead of at its own pace.
     * The interrupt is the owner's, not the caller's: it is cleared when the call returns.
     */
    private static final class BlockingCall implements OpenCalls.Call {
        private final Thread thread = Thread.currentThread();
        private boolean running = true;          // guarded by this
        private boolean interruptedByClose;      // guarded by this

        @Override
        public synchronized void closedUnder() {
            if (!running || thread.isInterrupted()) return;
            interruptedByClose = true;
            thread.interrupt();
        }

        /** No interrupt can arrive after this; one that close() sent is cleared. */
        synchronized void end() {
            running = false;
            if (interruptedByClose) Thread.interrupted();
        }
    }
}
