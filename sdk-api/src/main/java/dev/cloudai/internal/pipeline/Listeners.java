package dev.cloudai.internal.pipeline;

import dev.cloudai.resilience.CallListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Consumer;

/**
 * The user's listeners behind one {@link CallListener}; a listener that throws is logged and skipped, so a bug in
 * metering never fails a call. Not API: may change without notice.
 *
 * <pre>{@code
 * CallListener all = Listeners.of(List.of(metrics, logging));
 * }</pre>
 */
public final class Listeners implements CallListener {
    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);
    /** Listens to nothing. */
    public static final CallListener NONE = new CallListener() {
    };

    private final List<CallListener> listeners;

    private Listeners(List<CallListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    /** One listener for these; {@link #NONE} when the list is empty. */
    public static CallListener of(List<CallListener> listeners) {
        return listeners.isEmpty() ? NONE : listeners.size() == 1 ? safe(listeners.get(0)) : new Listeners(listeners);
    }

    private static CallListener safe(CallListener l) {
        return new Listeners(List.of(l));
    }

    /** How an event names a failure: its type and message. */
    public static String describe(Throwable failure) {
        return failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }

    private void each(Consumer<CallListener> event) {
        for (CallListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                LOG.warn("A CallListener ({}) threw; ignored", l.getClass().getName(), e);
            }
        }
    }

    @Override
    public void onCallStarted(CallStarted e) {
        each(l -> l.onCallStarted(e));
    }

    @Override
    public void onAttempt(Attempt e) {
        each(l -> l.onAttempt(e));
    }

    @Override
    public void onRetry(Retry e) {
        each(l -> l.onRetry(e));
    }

    @Override
    public void onFallback(Fallback e) {
        each(l -> l.onFallback(e));
    }

    @Override
    public void onCircuitStateChange(CircuitStateChange e) {
        each(l -> l.onCircuitStateChange(e));
    }

    @Override
    public void onCallFinished(CallFinished e) {
        each(l -> l.onCallFinished(e));
    }
}
