package dev.cloudai.benchmarks;

import dev.cloudai.errors.ErrorInfo;
import dev.cloudai.errors.UnclassifiedException;
import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.ChatModel;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.invocation.FinishReason;
import dev.cloudai.invocation.TokenUsage;
import dev.cloudai.spi.BatchPlatform;
import dev.cloudai.spi.ErrorMapper;
import dev.cloudai.spi.Provider;
import dev.cloudai.spi.ProviderConfig;
import dev.cloudai.spi.ProviderFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * Provider {@code bench}, registered in this module's {@code META-INF/services}: a chat model that answers at once
 * with the same canned response, no network and no cloud SDK, so that {@link PipelineOverheadBenchmark} measures
 * only our own code between the caller and a model; and a batch engine whose results are a generated file
 * ({@link GeneratedBatchPlatform}), for {@link BatchResultsMemory}.
 *
 * <pre>{@code
 * CloudAi ai = CloudAi.create(CloudAiConfig.builder().provider("bench").build());
 * ChatResponse r = ai.chatModel("in-memory").chat(ChatRequest.ofUser("What is a TPU?"));
 * }</pre>
 */
public final class InMemoryProviderFactory implements ProviderFactory {
    /** The provider id. */
    public static final String ID = "bench";
    /** The text every chat answers. */
    public static final String ANSWER = "A Google accelerator.";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Provider create(ProviderConfig config) {
        return new InMemoryProvider(config.providerId());
    }

    private static final class InMemoryProvider implements Provider {
        private final String id;
        private final GeneratedBatchPlatform batches;

        InMemoryProvider(String id) {
            this.id = id;
            this.batches = new GeneratedBatchPlatform(id);
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public ErrorMapper errorMapper() {
            return (operation, error) -> new UnclassifiedException(ErrorInfo.builder(id, operation).build(),
                    String.valueOf(error), false, error);
        }

        @Override
        public ChatModel chatModel(String modelId) {
            return new InMemoryChatModel(id, modelId);
        }

        @Override
        public BatchPlatform batchPlatform() {
            return batches;
        }

        @Override
        public void close() {
        }
    }

    /** Answers at once with the same response, so only what lies between the caller and it is measured. */
    private static final class InMemoryChatModel implements ChatModel {
        private final ChatResponse answer;

        InMemoryChatModel(String provider, String model) {
            this.answer = ChatResponse.builder().text(ANSWER).usage(new TokenUsage(12, 5))
                    .finishReason(FinishReason.STOP).provider(provider).model(model).build();
        }

        @Override
        public ChatResponse chat(ChatRequest request) {
            return answer;
        }

        @Override
        public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
            return CompletableFuture.completedFuture(answer);
        }

        @Override
        public Flow.Publisher<ChatChunk> stream(ChatRequest request) {
            throw new UnsupportedOperationException("not measured");
        }
    }
}
