package dev.cloudai.fake;

import dev.cloudai.errors.ErrorInfo;
import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.ChatModel;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.invocation.FinishReason;
import dev.cloudai.invocation.TokenUsage;
import dev.cloudai.spi.ErrorMapper;
import dev.cloudai.spi.HttpErrors;
import dev.cloudai.spi.Provider;
import dev.cloudai.spi.ProviderConfig;
import dev.cloudai.spi.ProviderFactory;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.atomic.AtomicInteger;

/** A second in-memory provider, id "backup", that always answers: the target of fallback tests. */
public final class BackupProviderFactory implements ProviderFactory {
    public static final AtomicInteger calls = new AtomicInteger();

    @Override
    public String id() {
        return "backup";
    }

    /** Keys of each type the configuration tests need, declared the way an adapter declares its own. */
    @Override
    public java.util.List<dev.cloudai.config.ConfigKeys.Key> keys() {
        return java.util.List.of(
                new dev.cloudai.config.ConfigKeys.Key("cloudai.backup.region", dev.cloudai.config.ConfigKeys.Type.TEXT, false, "The region."),
                new dev.cloudai.config.ConfigKeys.Key("cloudai.backup.profile", dev.cloudai.config.ConfigKeys.Type.TEXT, false, "A profile."),
                new dev.cloudai.config.ConfigKeys.Key("cloudai.backup.endpoint", dev.cloudai.config.ConfigKeys.Type.URL, false, "An endpoint override."),
                new dev.cloudai.config.ConfigKeys.Key("cloudai.backup.access-token", dev.cloudai.config.ConfigKeys.Type.TEXT, true, "A secret."),
                new dev.cloudai.config.ConfigKeys.Key("cloudai.backup.pool", dev.cloudai.config.ConfigKeys.Type.POSITIVE_INT, false, "A pool size.",
                        java.util.Optional.of(new dev.cloudai.config.ConfigKeys.Range("1", "8")), java.util.Optional.of("2")));
    }

    @Override
    public java.util.Optional<String> regionKey() {
        return java.util.Optional.of("cloudai.backup.region");
    }

    @Override
    public Provider create(ProviderConfig config) {
        return new Provider() {
            @Override
            public String id() {
                return "backup";
            }

            @Override
            public ErrorMapper errorMapper() {
                return (op, e) -> HttpErrors.fromTransport(ErrorInfo.builder("backup", op).build(), e);
            }

            @Override
            public ChatModel chatModel(String modelId) {
                return new ChatModel() {
                    @Override
                    public ChatResponse chat(ChatRequest request) {
                        calls.incrementAndGet();
                        return ChatResponse.builder().text("backup answer").usage(new TokenUsage(1, 2))
                                .finishReason(FinishReason.STOP).provider("backup").model(modelId).build();
                    }

                    @Override
                    public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
                        return CompletableFuture.completedFuture(chat(request));
                    }

                    @Override
                    public Flow.Publisher<ChatChunk> stream(ChatRequest request) {
                        return subscriber -> {
                            calls.incrementAndGet();
                            SubmissionPublisher<ChatChunk> p = new SubmissionPublisher<>(Runnable::run, 16);
                            p.subscribe(subscriber);
                            p.submit(new ChatChunk.TextDelta("backup"));
                            p.submit(new ChatChunk.Finished(FinishReason.STOP, Optional.empty(), Optional.empty()));
                            p.close();
                        };
                    }
                };
            }

            @Override
            public void close() {
            }
        };
    }
}
