package dev.cloudai.fake;

import dev.cloudai.deployment.DeploymentPlan;
import dev.cloudai.deployment.Endpoint;
import dev.cloudai.deployment.EndpointSpec;
import dev.cloudai.deployment.InvokeRequest;
import dev.cloudai.deployment.InvokeResponse;
import dev.cloudai.deployment.PlatformFacts;
import dev.cloudai.errors.ErrorInfo;
import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.ChatModel;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.invocation.EmbeddingModel;
import dev.cloudai.invocation.EmbeddingRequest;
import dev.cloudai.invocation.EmbeddingResponse;
import dev.cloudai.invocation.FinishReason;
import dev.cloudai.invocation.TokenUsage;
import dev.cloudai.spi.EndpointPlatform;
import dev.cloudai.spi.ErrorMapper;
import dev.cloudai.spi.HttpErrors;
import dev.cloudai.spi.Provider;
import dev.cloudai.spi.ProviderConfig;

import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory "cloud": chat echoes the last user message. Tests script failures with {@link #failNext} and count
 * calls with {@link #calls}. State is static because ServiceLoader creates the instances; tests reset it.
 */
public final class FakeProvider implements Provider {
    public static final AtomicInteger calls = new AtomicInteger();
    public static final Queue<FakeCloudException> failures = new ConcurrentLinkedQueue<>();
    public static volatile ProviderConfig lastConfig;
    public static volatile boolean closed;
    /** The batch engine every fake provider shares; {@link #reset()} makes a fresh one. */
    public static volatile FakeBatchPlatform batches = new FakeBatchPlatform();

    public FakeProvider(ProviderConfig config) {
        lastConfig = config;
        closed = false;
    }

    public static void reset() {
        calls.set(0);
        failures.clear();
        lastConfig = null;
        closed = false;
        batches = new FakeBatchPlatform();
    }

    /** The next {@code times} calls throw this failure. */
    public static void failNext(int times, FakeCloudException failure) {
        for (int i = 0; i < times; i++) failures.add(failure);
    }

    @Override
    public String id() {
        return "fake";
    }

    @Override
    public ErrorMapper errorMapper() {
        return (operation, error) -> {
            ErrorInfo.Builder info = ErrorInfo.builder("fake", operation);
            if (error instanceof FakeCloudException f) {
                return HttpErrors.fromStatus(info.httpStatus(f.status).providerCode(f.code).requestId(f.requestId).build(),
                        f.getMessage(), HttpErrors.parseRetryAfter(f.retryAfter).orElse(null), f);
            }
            return HttpErrors.fromTransport(info.build(), error);
        };
    }

    @Override
    public ChatModel chatModel(String modelId) {
        return new ChatModel() {
            @Override
            public ChatResponse chat(ChatRequest request) {
                calls.incrementAndGet();
                FakeCloudException f = failures.poll();
                if (f != null) throw f;
                String last = request.conversation().get(request.conversation().size() - 1).text();
                return ChatResponse.builder().text("echo: " + last).usage(new TokenUsage(3, 2))
                        .finishReason(FinishReason.STOP).provider("fake").model(modelId).requestId("req-" + calls.get())
                        .build();
            }

            @Override
            public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
                try {
                    return CompletableFuture.completedFuture(chat(request));
                } catch (RuntimeException e) {
                    return CompletableFuture.failedFuture(e);
                }
            }

            @Override
            public Flow.Publisher<ChatChunk> stream(ChatRequest request) {
                return subscriber -> {
                    calls.incrementAndGet();
                    FakeCloudException f = failures.poll();
                    SubmissionPublisher<ChatChunk> p = new SubmissionPublisher<>(Runnable::run, 16);
                    p.subscribe(subscriber);
                    if (f != null) {
                        p.closeExceptionally(f);
                        return;
                    }
                    for (String word : List.of("echo", ": ", "hi")) p.submit(new ChatChunk.TextDelta(word));
                    p.submit(new ChatChunk.Finished(FinishReason.STOP, Optional.empty(), Optional.of(new TokenUsage(3, 2))));
                    p.close();
                };
            }
        };
    }

    /** Embeddings the fake cannot make: enough for tests that stop at argument checks before any call. */
    @Override
    public EmbeddingModel embeddingModel(String modelId) {
        return new EmbeddingModel() {
            @Override
            public EmbeddingResponse embed(EmbeddingRequest request) {
                throw unsupported("embeddings");
            }

            @Override
            public CompletableFuture<EmbeddingResponse> embedAsync(EmbeddingRequest request) {
                return CompletableFuture.failedFuture(unsupported("embeddings"));
            }
        };
    }

    /**
     * Endpoints the fake plans as SageMaker in us-east-1 but cannot deploy: enough for planning tests and for tests
     * that stop at argument checks before any call.
     */
    @Override
    public EndpointPlatform endpointPlatform() {
        return new EndpointPlatform() {
            @Override
            public PlatformFacts facts() {
                return PlatformFacts.of("fake", "aws", "sagemaker", "us-east-1");
            }

            @Override
            public Endpoint deploy(EndpointSpec spec, DeploymentPlan plan) {
                throw unsupported("endpoint deployment");
            }

            @Override
            public Optional<Endpoint> get(String endpointId) {
                throw unsupported("endpoint deployment");
            }

            @Override
            public List<Endpoint> list() {
                throw unsupported("endpoint deployment");
            }

            @Override
            public void delete(String endpointId) {
                throw unsupported("endpoint deployment");
            }

            @Override
            public InvokeResponse invoke(String endpointId, InvokeRequest request) {
                throw unsupported("endpoint deployment");
            }

            @Override
            public CompletableFuture<InvokeResponse> invokeAsync(String endpointId, InvokeRequest request) {
                return CompletableFuture.failedFuture(unsupported("endpoint deployment"));
            }
        };
    }

    @Override
    public dev.cloudai.spi.BatchPlatform batchPlatform() {
        return batches;
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        if (type == String.class) return type.cast("native-fake-client");
        return Provider.super.unwrap(type);
    }

    @Override
    public void close() {
        closed = true;
    }
}
