package dev.cloudai.testkit.contract;

import dev.cloudai.testkit.PublisherRules;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.concurrent.Flow;

/**
 * The Reactive Streams rules every publisher the SDK hands out keeps (demand, cancel, one terminal signal), as a
 * JUnit 5 test interface: a test class implements it, says how to make the publisher under test, and inherits one
 * test per rule, each a {@link PublisherRules} check. Being an interface, it combines with a base class that brings
 * the publisher's world, for example {@link EmulatorContract}'s emulator and {@code CloudAi}; a cloud's chat stream
 * has {@link ChatStreamRulesContract} ready.
 *
 * <pre>{@code
 * class MyPublisherRulesTest implements StreamRulesContract<String> {
 *     public Flow.Publisher<String> newPublisher() { return new MyPublisher(List.of("a", "b", "c")); }
 * }
 * }</pre>
 */
public interface StreamRulesContract<T> {

    /** A fresh publisher under test; it must complete normally with at least two items. Called once or twice per test. */
    Flow.Publisher<T> newPublisher();

    /**
     * A fresh publisher that fails (before or after some items), for {@link #aFailingPublisherSignalsOnSubscribeThenOneOnError};
     * {@code null}, the default, skips that test.
     */
    default Flow.Publisher<T> newFailingPublisher() {
        return null;
    }

    /** Asserts the error the failing publisher delivered is the expected one. Accepts any by default. */
    default void assertFailure(Throwable error) {
    }

    /**
     * Called after the tests that cancel: asserts what the publisher's source saw of the cancel, for example that an
     * emulated cloud got one request and no retry. Does nothing by default.
     */
    default void assertSourceStopped() {
    }

    /** The checks, with their waits; override to tune {@link PublisherRules#waitingAtMost} or {@link PublisherRules#quietFor}. */
    default PublisherRules<T> rules() {
        return PublisherRules.of(this::newPublisher);
    }

    @Test
    default void subscribingNullThrowsNullPointerException() {
        rules().rejectsANullSubscriber();
    }

    @Test
    default void onSubscribeComesFirstAndNoItemComesWithoutDemand() {
        rules().signalsOnSubscribeFirstAndNothingWithoutDemand();
    }

    @Test
    default void demandGivenOneAtATimeFromAnotherThreadReadsTheWholeStream() {
        rules().completesWhenDemandComesOneAtATimeFromAnotherThread();
    }

    @Test
    default void requestingFromInsideOnNextDoesNotNestOnNext() {
        rules().boundsRecursionWhenRequestingFromOnNext();
    }

    @Test
    default void noMoreItemsComeThanWereRequested() {
        rules().neverDeliversMoreThanRequested();
    }

    @Test
    default void unboundedDemandGivesOneOnCompleteAndNothingAfterIt() {
        rules().signalsOneTerminalAndNothingAfterIt();
    }

    @Test
    default void requestZeroFailsTheStreamWithIllegalArgumentException() {
        rules().rejectsZeroDemandWithIllegalArgumentException();
    }

    @Test
    default void requestMinusOneFailsTheStreamWithIllegalArgumentException() {
        rules().rejectsNegativeDemandWithIllegalArgumentException();
    }

    @Test
    default void aCancelInsideOnNextStopsTheStream() {
        rules().stopsAfterCancel();
        assertSourceStopped();
    }

    @Test
    default void aRequestFromAnotherThreadDuringOnNextDoesNotDeadlock() {
        rules().acceptsRequestFromAnotherThreadDuringOnNext();
    }

    @Test
    default void aCancelFromAnotherThreadDuringOnNextReturnsAndStopsTheStream() {
        rules().acceptsCancelFromAnotherThreadDuringOnNext();
        assertSourceStopped();
    }

    @Test
    default void twoSubscribersOfOnePublisherEachGetTheWholeStream() {
        rules().servesTwoSubscribersIndependently();
    }

    @Test
    default void aFailingPublisherSignalsOnSubscribeThenOneOnError() {
        Flow.Publisher<T> failing = newFailingPublisher();
        Assumptions.assumeTrue(failing != null, "newFailingPublisher() gives none for this publisher");
        assertFailure(rules().failsOnce(failing));
    }
}
