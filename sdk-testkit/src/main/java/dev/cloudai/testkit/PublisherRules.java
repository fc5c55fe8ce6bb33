package dev.cloudai.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Checks that a {@link Flow.Publisher} keeps the Reactive Streams rules its subscribers rely on: demand, cancel, one
 * terminal signal. Each check subscribes a {@link RecordingSubscriber} to a fresh publisher from the supplier and
 * throws {@link AssertionError} naming the rule broken; none needs a test framework. The publishers must complete
 * normally with at least two items; {@link #failsOnce} checks one that fails.
 *
 * <p>Waits are bounded: what must happen is awaited up to {@link #waitingAtMost} (10 s by default); what must not
 * happen (an item after a cancel, a signal after the terminal one) is watched for {@link #quietFor} (100 ms by
 * default), which catches a publisher that goes on at its own pace but cannot prove that nothing ever comes.
 *
 * <p>Why not the official {@code reactive-streams-tck-flow}: it is written for TestNG, so it needs a second test
 * engine next to JUnit 5; it asks for publishers of any requested length ({@code createFlowPublisher(long)}), which
 * a chat answer is not; and its negative checks wait for fixed short times tuned for in-memory publishers, which
 * flake against a network emulator on a busy machine. These checks keep its rule numbers.
 *
 * <pre>{@code
 * PublisherRules<ChatChunk> rules = PublisherRules.of(() -> chat.stream(ChatRequest.ofUser("Hello")));
 * rules.verifyAll();                       // or one rule at a time:
 * rules.stopsAfterCancel();
 * }</pre>
 */
public final class PublisherRules<T> {
    private final Supplier<? extends Flow.Publisher<T>> publishers;
    private final Duration wait;
    private final Duration quiet;
    private final int maxDepth;

    private PublisherRules(Supplier<? extends Flow.Publisher<T>> publishers, Duration wait, Duration quiet, int maxDepth) {
        this.publishers = publishers;
        this.wait = wait;
        this.quiet = quiet;
        this.maxDepth = maxDepth;
    }

    /** Rules for the publishers {@code publishers} makes: a fresh one for each check, and two for some. */
    public static <T> PublisherRules<T> of(Supplier<? extends Flow.Publisher<T>> publishers) {
        Objects.requireNonNull(publishers, "publishers");
        return new PublisherRules<>(publishers, Duration.ofSeconds(10), Duration.ofMillis(100), 1);
    }

    /** How long to wait for a signal that must come; 10 s by default. */
    public PublisherRules<T> waitingAtMost(Duration wait) {
        return new PublisherRules<>(publishers, positive("wait", wait), quiet, maxDepth);
    }

    /** How long to watch for a signal that must not come; 100 ms by default. */
    public PublisherRules<T> quietFor(Duration quiet) {
        return new PublisherRules<>(publishers, wait, positive("quiet", quiet), maxDepth);
    }

    /**
     * How deep {@code onNext} may nest when the subscriber requests from inside it (rule 3.3); 1 by default, as in the
     * official TCK: a publisher that delivers the next item from inside {@code request} must not re-enter {@code onNext}.
     */
    public PublisherRules<T> maxOnNextDepth(int depth) {
        if (depth < 1) throw new IllegalArgumentException("depth: must be at least 1, was " + depth);
        return new PublisherRules<>(publishers, wait, quiet, depth);
    }

    /** Runs every check but {@link #failsOnce}, in the order they are declared. */
    public void verifyAll() {
        rejectsANullSubscriber();
        signalsOnSubscribeFirstAndNothingWithoutDemand();
        completesWhenDemandComesOneAtATimeFromAnotherThread();
        boundsRecursionWhenRequestingFromOnNext();
        neverDeliversMoreThanRequested();
        signalsOneTerminalAndNothingAfterIt();
        rejectsZeroDemandWithIllegalArgumentException();
        rejectsNegativeDemandWithIllegalArgumentException();
        stopsAfterCancel();
        acceptsRequestFromAnotherThreadDuringOnNext();
        acceptsCancelFromAnotherThreadDuringOnNext();
        servesTwoSubscribersIndependently();
    }

    /** Rule 1.9: {@code subscribe(null)} throws {@link NullPointerException}. */
    public void rejectsANullSubscriber() {
        Flow.Publisher<T> p = publisher();
        try {
            p.subscribe(null);
        } catch (NullPointerException expected) {
            return;
        } catch (RuntimeException e) {
            throw new AssertionError("subscribe(null) must throw NullPointerException (rule 1.9), threw " + e, e);
        }
        throw new AssertionError("subscribe(null) must throw NullPointerException (rule 1.9), returned normally");
    }

    /**
     * Rules 1.9 and 1.1: {@code onSubscribe} comes first, once, also before any demand; then no item comes until
     * the subscriber asks for one.
     */
    public void signalsOnSubscribeFirstAndNothingWithoutDemand() {
        RecordingSubscriber<T> s = subscribe(RecordingSubscriber.manual());
        awaitOnSubscribe(s);
        List<String> items = s.awaitSignalsAfter(1, quiet).stream().filter(signal -> signal.startsWith("onNext")).toList();
        if (!items.isEmpty()) throw new AssertionError("items came without any demand (rule 1.1): " + items);
        s.cancel();
        assertKeptRules(s, "after onSubscribe without demand");
    }

    /** Rules 1.1 and 1.7: demand given one at a time, from another thread, a pause after each item, reads it all. */
    public List<T> completesWhenDemandComesOneAtATimeFromAnotherThread() {
        RecordingSubscriber<T> s = subscribe(RecordingSubscriber.slowConsumer(Duration.ofMillis(5)));
        List<T> items = s.awaitCompletion(wait);
        assertAtLeastTwo(items);
        assertKeptRules(s, "with demand one at a time");
        return items;
    }

    /** Rule 3.3: requesting the next item from inside {@code onNext} reads it all without nesting onNext calls. */
    public void boundsRecursionWhenRequestingFromOnNext() {
        RecordingSubscriber<T> s = subscribe(RecordingSubscriber.oneAtATime());
        assertAtLeastTwo(s.awaitCompletion(wait));
        assertKeptRules(s, "with request(1) from inside onNext");
        if (s.maxOnNextDepth() > maxDepth) {
            throw new AssertionError("request(1) from inside onNext re-entered onNext " + s.maxOnNextDepth()
                    + " deep, more than " + maxDepth + ": recursion must be bounded (rule 3.3)");
        }
    }

    /** Rule 1.1: with one item asked for, one comes and no more, twice in a row. */
    public void neverDeliversMoreThanRequested() {
        RecordingSubscriber<T> s = subscribe(RecordingSubscriber.manual());
        awaitOnSubscribe(s);
        for (int n = 1; n <= 2; n++) {
            s.request(1);
            s.awaitItems(n, wait);
            int seen = s.signals().size();
            List<String> more = s.awaitSignalsAfter(seen, quiet);
            List<String> items = more.stream().filter(signal -> signal.startsWith("onNext")).toList();
            if (!items.isEmpty()) {
                throw new AssertionError("after " + n + " item(s) requested one at a time, more came (rule 1.1): " + items);
            }
        }
        s.cancel();
        assertKeptRules(s, "with demand of one");
    }

    /** Rules 1.7 and 3.17: demand of Long.MAX_VALUE, twice, gives every item, one onComplete, then silence. */
    public void signalsOneTerminalAndNothingAfterIt() {
        RecordingSubscriber<T> s = subscribe(RecordingSubscriber.manual());
        awaitOnSubscribe(s);
        s.request(Long.MAX_VALUE);
        s.request(Long.MAX_VALUE);
        assertAtLeastTwo(s.awaitCompletion(wait));
        assertQuietAfterEnd(s, "onComplete");
        assertKeptRules(s, "with demand of Long.MAX_VALUE, twice");
    }

    /** Rule 3.9: {@code request(0)} as the first demand ends the stream with {@link IllegalArgumentException}. */
    public void rejectsZeroDemandWithIllegalArgumentException() {
        RecordingSubscriber<T> s = subscribe(RecordingSubscriber.manual());
        awaitOnSubscribe(s);
        s.request(0);
        assertRejected(s, 0);
    }

    /** Rule 3.9: {@code request(-1)} after an item ends the stream with {@link IllegalArgumentException}. */
    public void rejectsNegativeDemandWithIllegalArgumentException() {
        RecordingSubscriber<T> s = subscribe(RecordingSubscriber.manual());
        awaitOnSubscribe(s);
        s.request(1);
        s.awaitItems(1, wait);
        s.request(-1);
        assertRejected(s, -1);
    }

    /**
     * Rules 3.6 and 1.8, as the SDK promises them: after a cancel from inside {@code onNext}, no item and no terminal
     * signal comes, also when the subscriber asks for more afterwards.
     */
    public void stopsAfterCancel() {
        RecordingSubscriber<T> s = subscribe(RecordingSubscriber.cancellingAfter(1));
        if (s.awaitCompletion(wait).size() != 1) throw new AssertionError("cancel after one item: " + s.items());
        int seen = s.signals().size();
        s.request(1);   // a no-op after cancel (rule 3.6)
        List<String> late = s.awaitSignalsAfter(seen, quiet);
        if (!late.isEmpty()) throw new AssertionError("signals came after cancel() (rules 3.6, 1.8): " + late);
        assertKeptRules(s, "after a cancel");
    }

    /**
     * Rules 2.7 and 3.4: a request made from another thread while {@code onNext} runs returns promptly, so the
     * publisher holds no lock of its own while it calls {@code onNext}; and the stream reads to its end.
     */
    public void acceptsRequestFromAnotherThreadDuringOnNext() {
        List<String> stuck = Collections.synchronizedList(new ArrayList<>());
        RecordingSubscriber<T> s = RecordingSubscriber.manual();
        s.duringOnNext(item -> onOtherThread("request(1)", () -> s.request(1), stuck));
        subscribe(s);
        awaitOnSubscribe(s);
        s.request(1);
        try {
            assertAtLeastTwo(s.awaitCompletion(wait));
        } catch (AssertionError e) {
            if (!stuck.isEmpty()) throw new AssertionError(stuck.get(0), e);
            throw e;
        }
        if (!stuck.isEmpty()) throw new AssertionError(stuck.get(0));
        assertKeptRules(s, "with request(1) from another thread during onNext");
    }

    /** Rules 2.7, 3.5 and 1.8: a cancel from another thread while {@code onNext} runs returns promptly and stops the stream. */
    public void acceptsCancelFromAnotherThreadDuringOnNext() {
        List<String> stuck = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean first = new AtomicBoolean(true);
        CountDownLatch cancelTried = new CountDownLatch(1);
        RecordingSubscriber<T> s = RecordingSubscriber.manual();
        s.duringOnNext(item -> {
            if (first.getAndSet(false)) {
                onOtherThread("cancel()", s::cancel, stuck);
                cancelTried.countDown();
            }
        });
        subscribe(s);
        awaitOnSubscribe(s);
        s.request(2);
        s.awaitItems(1, wait);
        try {
            if (!cancelTried.await(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new AssertionError("the first onNext did not get to cancel within " + wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the cancel", e);
        }
        if (!stuck.isEmpty()) throw new AssertionError(stuck.get(0));
        List<String> signals = s.signals();
        int firstItem = 0;
        while (!signals.get(firstItem).startsWith("onNext")) firstItem++;
        List<String> late = s.awaitSignalsAfter(firstItem + 1, quiet);
        if (!late.isEmpty()) throw new AssertionError("signals came after a cancel() from another thread (rule 1.8): " + late);
        assertKeptRules(s, "with cancel() from another thread during onNext");
    }

    /** Rule 1.11 as the SDK documents it: each subscriber of one publisher gets its own whole stream. */
    public void servesTwoSubscribersIndependently() {
        Flow.Publisher<T> p = publisher();
        RecordingSubscriber<T> a = RecordingSubscriber.oneAtATime();
        RecordingSubscriber<T> b = RecordingSubscriber.oneAtATime();
        p.subscribe(a);
        p.subscribe(b);
        List<T> first = a.awaitCompletion(wait);
        List<T> second = b.awaitCompletion(wait);
        assertAtLeastTwo(first);
        if (!equalItems(first, second)) {
            throw new AssertionError("two subscribers of one publisher got different streams: " + first + " and " + second);
        }
        assertKeptRules(a, "first of two subscribers");
        assertKeptRules(b, "second of two subscribers");
    }

    /**
     * Rules 1.4, 1.7 and 1.9 for a publisher that fails: {@code onSubscribe}, then one {@code onError} (after the
     * items it had), then nothing; returns the error.
     */
    public Throwable failsOnce(Flow.Publisher<T> failing) {
        Objects.requireNonNull(failing, "failing");
        RecordingSubscriber<T> s = RecordingSubscriber.oneAtATime();
        failing.subscribe(s);
        Throwable error = s.awaitError(wait);
        assertQuietAfterEnd(s, "onError");
        assertKeptRules(s, "of a failing publisher");
        return error;
    }

    // ---- helpers ----

    private Flow.Publisher<T> publisher() {
        return Objects.requireNonNull(publishers.get(), "the publisher supplier returned null");
    }

    private RecordingSubscriber<T> subscribe(RecordingSubscriber<T> s) {
        publisher().subscribe(s);
        return s;
    }

    /** Waits for onSubscribe. */
    private void awaitOnSubscribe(RecordingSubscriber<T> s) {
        List<String> signals = s.awaitSignalsAfter(0, wait);
        if (signals.isEmpty()) throw new AssertionError("no onSubscribe within " + wait + " of subscribe (rule 1.9)");
        if (!"onSubscribe".equals(signals.get(0))) {
            throw new AssertionError("the first signal must be onSubscribe (rule 1.9), was " + signals.get(0));
        }
    }

    private void assertRejected(RecordingSubscriber<T> s, long n) {
        Throwable error;
        try {
            error = s.awaitError(wait);
        } catch (AssertionError e) {
            throw new AssertionError("request(" + n + ") must end the stream with IllegalArgumentException (rule 3.9): "
                    + e.getMessage(), e);
        }
        if (!(error instanceof IllegalArgumentException)) {
            throw new AssertionError("request(" + n + ") must end the stream with IllegalArgumentException (rule 3.9), got "
                    + error, error);
        }
        assertQuietAfterEnd(s, "onError");
        assertKeptRules(s, "after request(" + n + ")");
    }

    private void assertQuietAfterEnd(RecordingSubscriber<T> s, String terminal) {
        List<String> signals = s.signals();
        int end = -1;
        for (int i = 0; i < signals.size(); i++) {
            if (signals.get(i).startsWith(terminal)) {
                end = i;
                break;
            }
        }
        List<String> late = s.awaitSignalsAfter(end + 1, quiet);
        if (!late.isEmpty()) throw new AssertionError("signals came after " + terminal + " (rule 1.7): " + late);
    }

    private static void assertKeptRules(RecordingSubscriber<?> s, String when) {
        if (!s.violations().isEmpty()) {
            throw new AssertionError("Reactive Streams rules broken " + when + ": " + s.violations());
        }
    }

    private static void assertAtLeastTwo(List<?> items) {
        if (items.size() < 2) {
            throw new AssertionError("the checks need a publisher that gives at least two items; it gave " + items);
        }
    }

    /** Runs {@code call} on a new thread and waits, bounded, for it to return; notes it in {@code stuck} if it did not. */
    private void onOtherThread(String what, Runnable call, List<String> stuck) {
        Thread t = new Thread(call, "publisher-rules-" + what);
        t.setDaemon(true);
        t.start();
        try {
            TimeUnit.NANOSECONDS.timedJoin(t, wait.toNanos() / 2);   // half: noted before the caller's wait ends
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            stuck.add(what + " from another thread did not return within " + wait.dividedBy(2) + " while onNext was running: the"
                    + " publisher holds a lock across onNext that " + what + " needs, a deadlock (rules 2.7, 3.4, 3.5)");
        }
    }

    private static boolean equalItems(List<?> a, List<?> b) {
        if (a.size() != b.size()) return false;
        for (int i = 0; i < a.size(); i++) {
            if (!Objects.deepEquals(a.get(i), b.get(i))) return false;
        }
        return true;
    }

    private static Duration positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + ": must be positive, was " + d);
        return d;
    }
}
