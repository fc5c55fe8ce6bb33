package dev.cloudai.testkit.pipeline;

import dev.cloudai.CloudAi;
import dev.cloudai.CloudAiConfig;
import dev.cloudai.config.RetrySettings;
import dev.cloudai.errors.InvalidRequestException;
import dev.cloudai.errors.UnavailableException;
import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.testkit.contract.StreamRulesContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Flow;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * The stream rules for the SDK's own publishers, driven through {@code CloudAi} over {@link ScriptedProvider}'s
 * well-behaved in-memory upstreams: the retrying stream every provider's chat stream is, and the cross-provider
 * fallback stream over two of them. (They live here, not in sdk-api, because the rules are sdk-testkit's, which
 * depends on sdk-api; sdk-api's own tests cover the same publishers with the Reactive Streams TCK.) Each publisher is
 * checked over an upstream that delivers inside {@code request} and over one that delivers on another thread.
 */
class PipelineStreamRulesTest {
    private static final RetrySettings RETRY = new RetrySettings(3, Duration.ofMillis(1), Duration.ofMillis(2));
    private static final ChatRequest REQUEST = ChatRequest.ofUser("hi");
    private static final List<CloudAi> OPENED = Collections.synchronizedList(new ArrayList<>());

    @AfterAll
    static void closeEveryCloudAi() {
        OPENED.forEach(CloudAi::close);
    }

    private static CloudAi open(CloudAiConfig.Builder config) {
        CloudAi ai = CloudAi.create(config.build());
        OPENED.add(ai);
        return ai;
    }

    /** The stream of provider {@code scripted}'s model {@code script}, behind its retrying pipeline. */
    private static Flow.Publisher<ChatChunk> retrying(String script) {
        return open(CloudAiConfig.builder().provider("scripted").retry(RETRY)).chatModel(script).stream(REQUEST);
    }

    /** A fallback from {@code scripted} to {@code scriptedbackup}, each behind its own pipeline retrying per {@code retry}. */
    private static Flow.Publisher<ChatChunk> fallback(String first, String second, RetrySettings retry) {
        return open(CloudAiConfig.builder().provider("scripted").fallback("scriptedbackup").retry(retry)
                .model("chat", "scripted", first).model("chat", "scriptedbackup", second))
                .chatModel("chat").stream(REQUEST);
    }

    @Nested
    class RetryingOverAnUpstreamThatDeliversInsideRequest implements StreamRulesContract<ChatChunk> {
        @Override
        public Flow.Publisher<ChatChunk> newPublisher() {
            return retrying("sync-items");
        }

        @Override
        public Flow.Publisher<ChatChunk> newFailingPublisher() {
            return retrying("sync-item-then-unavailable");
        }

        @Override
        public void assertFailure(Throwable error) {
            assertInstanceOf(UnavailableException.class, error, "a failure after the first item is delivered, not retried");
        }
    }

    @Nested
    class RetryingOverAnUpstreamOnAnotherThread implements StreamRulesContract<ChatChunk> {
        @Override
        public Flow.Publisher<ChatChunk> newPublisher() {
            return retrying("async-items");
        }

        @Override
        public Flow.Publisher<ChatChunk> newFailingPublisher() {
            return retrying("async-invalid");
        }

        @Override
        public void assertFailure(Throwable error) {
            assertInstanceOf(InvalidRequestException.class, error, "an invalid request is not retried");
        }
    }

    @Nested
    class RetryingAfterAFailureBeforeTheFirstItem implements StreamRulesContract<ChatChunk> {
        @Override
        public Flow.Publisher<ChatChunk> newPublisher() {
            return retrying("async-unavailable-once");
        }

        @Override
        public Flow.Publisher<ChatChunk> newFailingPublisher() {
            return retrying("async-unavailable");
        }

        @Override
        public void assertFailure(Throwable error) {
            assertInstanceOf(UnavailableException.class, error, "the last attempt's failure, once the attempts are used up");
        }
    }

    @Nested
    class FallbackWhoseFirstRouteAnswers implements StreamRulesContract<ChatChunk> {
        @Override
        public Flow.Publisher<ChatChunk> newPublisher() {
            return fallback("sync-items", "sync-items", RETRY);
        }

        @Override
        public Flow.Publisher<ChatChunk> newFailingPublisher() {
            return fallback("sync-item-then-unavailable", "sync-items", RETRY);
        }

        @Override
        public void assertFailure(Throwable error) {
            assertInstanceOf(UnavailableException.class, error, "after an item, a failure does not move on");
        }
    }

    @Nested
    class FallbackToTheSecondRoute implements StreamRulesContract<ChatChunk> {
        @Override
        public Flow.Publisher<ChatChunk> newPublisher() {
            return fallback("async-unavailable", "async-items", RETRY);
        }

        @Override
        public Flow.Publisher<ChatChunk> newFailingPublisher() {
            return fallback("async-invalid", "async-items", RETRY);
        }

        @Override
        public void assertFailure(Throwable error) {
            assertInstanceOf(InvalidRequestException.class, error, "an invalid request does not move on");
        }
    }

    /**
     * With one attempt per provider, each route's pipeline passes its upstream's failure straight on, so the fallback
     * stream itself moves from one upstream to the next at once, with no backoff between.
     */
    @Nested
    class FallbackWithoutRetries implements StreamRulesContract<ChatChunk> {
        private static final RetrySettings ONCE = new RetrySettings(1, Duration.ZERO, Duration.ZERO);

        @Override
        public Flow.Publisher<ChatChunk> newPublisher() {
            return fallback("async-unavailable", "async-items", ONCE);
        }

        @Override
        public Flow.Publisher<ChatChunk> newFailingPublisher() {
            return fallback("async-unavailable", "async-unavailable", ONCE);
        }

        @Override
        public void assertFailure(Throwable error) {
            assertInstanceOf(UnavailableException.class, error, "the last route's failure");
        }
    }
}
