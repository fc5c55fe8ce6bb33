package dev.cloudai.testkit.testcloud;

import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.contract.ChatModelContract;
import dev.cloudai.testkit.contract.ChatStreamRulesContract;
import dev.cloudai.testkit.contract.EmbeddingModelContract;
import dev.cloudai.testkit.contract.EndpointsContract;
import dev.cloudai.testkit.contract.ErrorMappingContract;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Proves the contract bases can fail: each runs, through the JUnit launcher, against a provider with known
 * {@link Flaw}s, and exactly the tests that should catch those flaws fail, for the reason they should, while the
 * rest pass. (The flawless runs are the {@code TestCloud*ContractTest} classes.)
 */
class ContractsCatchFlawsTest {

    static final class OwnRetries extends ChatModelContract {
        @Override
        protected EmulatedCloud newCloud() {
            return new TestCloud("sloppycloud", Flaw.OWN_RETRIES);
        }
    }

    static final class IgnoredDemand extends ChatModelContract {
        @Override
        protected EmulatedCloud newCloud() {
            return new TestCloud("sloppycloud", Flaw.IGNORES_DEMAND);
        }
    }

    static final class IgnoredDemandStreamRules extends ChatStreamRulesContract {
        @Override
        protected EmulatedCloud newCloud() {
            return new TestCloud("sloppycloud", Flaw.IGNORES_DEMAND);
        }

        /** Not run here: whether the pushed stream ends before the request(-1) is up to timing. */
        @Override
        public void requestMinusOneFailsTheStreamWithIllegalArgumentException() {
        }
    }

    static final class OneErrorType extends ErrorMappingContract {
        @Override
        protected EmulatedCloud newCloud() {
            return new TestCloud("sloppycloud", Flaw.ONE_ERROR_TYPE);
        }
    }

    static final class ShuffledEmbeddings extends EmbeddingModelContract {
        @Override
        protected EmulatedCloud newCloud() {
            return new TestCloud("sloppycloud", Flaw.SHUFFLES_EMBEDDINGS);
        }
    }

    static final class CarelessEndpoints extends EndpointsContract {
        @Override
        protected EmulatedCloud newCloud() {
            return new TestCloud("sloppycloud", Flaw.NO_WAIT_ON_DEPLOY, Flaw.DELETE_FAILS_WHEN_GONE);
        }
    }

    @Test
    void theChatContractCatchesAnAdapterThatRetriesOnItsOwn() {
        Map<String, TestExecutionResult> results = run(OwnRetries.class);
        assertFailed(results, Map.of(
                "aThrottleOnEveryRequestFailsWithThrottledExceptionAfterMaxAttempts", "requests the emulator received",
                "aServerErrorOnEveryRequestFailsWithUnavailableExceptionAfterMaxAttempts", "requests the emulator received",
                "anInvalidRequestFailsWithInvalidRequestExceptionAfterOneRequest", "requests the emulator received",
                "anUnknownModelFailsWithNotFoundExceptionAfterOneRequest", "requests the emulator received",
                "theAliasDefaultIsAnUnknownModelWhenNoAliasIsConfigured", "requests the emulator received"));
    }

    @Test
    void theChatContractCatchesAStreamThatIgnoresDemand() {
        Map<String, TestExecutionResult> results = run(IgnoredDemand.class);
        assertFailed(results, Map.of(
                "streamDeliversTheDeltasInOrderThenExactlyOneFinishedWithUsage", "without demand",
                "aThrottleBeforeTheFirstChunkIsRetriedAndTheStreamSucceeds", "without demand"));
    }

    @Test
    void theStreamRulesContractCatchesAStreamThatIgnoresDemand() {
        Map<String, TestExecutionResult> results = run(IgnoredDemandStreamRules.class);
        assertFailed(results, Map.of(
                "onSubscribeComesFirstAndNoItemComesWithoutDemand", "rule 1.1",
                "demandGivenOneAtATimeFromAnotherThreadReadsTheWholeStream", "rule 1.1",
                "noMoreItemsComeThanWereRequested", "rule 1.1"));
    }

    @Test
    void theErrorContractCatchesAMapperThatKnowsOnlyOneErrorType() {
        Map<String, TestExecutionResult> results = run(OneErrorType.class);
        String wrongType = "must map to";
        assertFailed(results, Map.of(
                "aThrottleBecomesARetryableThrottledExceptionWithRetryAfter", wrongType,
                "aThrottleWithoutRetryAfterHasNoRetryAfter", wrongType,
                "anInternalServerErrorBecomesARetryableUnavailableException", wrongType,
                "aServiceUnavailableBecomesARetryableUnavailableException", wrongType,
                "anInvalidRequestBecomesAnInvalidRequestExceptionThatKeepsTheCloudsMessage", wrongType,
                "rejectedCredentialsBecomeAnAuthenticationException", wrongType,
                "aMissingModelBecomesANotFoundException", wrongType,
                "aConnectionResetBecomesARetryableUnavailableExceptionWithoutStatus", wrongType,
                "theCallSucceedsAgainOnceTheFaultsAreUsedUp", "UnavailableException"));
    }

    @Test
    void theEmbeddingContractCatchesVectorsInTheWrongOrder() {
        Map<String, TestExecutionResult> results = run(ShuffledEmbeddings.class);
        assertFailed(results, Map.of(
                "embeddingSeveralTextsReturnsOneVectorPerTextInInputOrder", "input order",
                "embedAsyncReturnsTheSameVectors", "input order"));
    }

    @Test
    void theEndpointsContractCatchesADeployThatDoesNotWaitAndADeleteThatIsNotIdempotent() {
        Map<String, TestExecutionResult> results = run(CarelessEndpoints.class);
        assertFailed(results, Map.of(
                "deployingASpecWithAnExplicitInstanceTypeWaitsUntilTheEndpointIsInService", "CREATING",
                "getFindsTheDeployedEndpoint", "status",
                "deleteRemovesTheEndpointAndDeletingAgainSucceeds", "NotFound",
                // deploy returns before the endpoint serves: the failure goes unseen, and invoking it is too early
                "aDeploymentThatFailsThrowsWithTheCloudsReasonAndLeavesTheEndpointToDelete", "must throw",
                "invokeReturnsTheEndpointsAnswer", "in service"));
    }

    /** Asserts that exactly the tests named in {@code expected} failed, each with a message containing its phrase. */
    private static void assertFailed(Map<String, TestExecutionResult> results, Map<String, String> expected) {
        Set<String> failed = results.entrySet().stream()
                .filter(e -> e.getValue().getStatus() != TestExecutionResult.Status.SUCCESSFUL)
                .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(expected.keySet()), failed, () -> "failed tests; results: " + describe(results));
        assertTrue(results.size() > expected.size(), () -> "some tests must pass too: " + describe(results));
        expected.forEach((test, phrase) -> {
            String message = String.valueOf(results.get(test).getThrowable().map(Throwable::toString).orElse(""));
            assertTrue(message.contains(phrase), () -> test + " failed, but not because of the flaw (no '" + phrase + "'): " + message);
        });
    }

    /** Runs a contract class with the JUnit launcher; the results by test method, plus the class itself as "(class)". */
    private static Map<String, TestExecutionResult> run(Class<?> contract) {
        Map<String, TestExecutionResult> results = new TreeMap<>();
        TestExecutionListener listener = new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                id.getSource().ifPresent(source -> {
                    if (source instanceof MethodSource m) {
                        results.put(m.getMethodName(), result);
                    } else if (source instanceof ClassSource && result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                        results.put("(class)", result);
                    }
                });
            }
        };
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(contract)).build(), listener);
        return results;
    }

    private static String describe(Map<String, TestExecutionResult> results) {
        StringBuilder sb = new StringBuilder();
        results.forEach((test, r) -> sb.append("\n  ").append(test).append(": ").append(r.getStatus())
                .append(r.getThrowable().map(t -> " " + t).orElse("")));
        return sb.toString();
    }
}
