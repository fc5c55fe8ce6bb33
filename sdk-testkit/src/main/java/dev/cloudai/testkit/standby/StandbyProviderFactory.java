package dev.cloudai.testkit.standby;

import dev.cloudai.config.ConfigKeys;
import dev.cloudai.errors.ErrorInfo;
import dev.cloudai.errors.UnclassifiedException;
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

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Provider {@value StandbyCloud#ID}: chat against a running {@link StandbyCloud}, for fallback tests. Not an
 * adapter anyone deploys; register it in a test module's {@code META-INF/services} only. It chats
 * (blocking and async) and does not stream.
 *
 * <p>It is configured as an adapter from outside this project would be: it declares {@value #ENDPOINT} in
 * {@link #keys()}, so {@code CloudAiConfig} checks that key (a typo gets a "did you mean", a bad URL is named with
 * its value) before {@link #create(ProviderConfig)} reads it.
 *
 * <pre>{@code
 * CloudAiConfig.builder().provider("standby").property(StandbyProviderFactory.ENDPOINT, standby.baseUrl()).build();
 * }</pre>
 */
public final class StandbyProviderFactory implements ProviderFactory {
    /** The URL of the standby cloud to chat with; {@link StandbyCloud#properties()} sets it. */
    public static final String ENDPOINT = "cloudai.standby.endpoint";

    private static final List<ConfigKeys.Key> KEYS = List.of(new ConfigKeys.Key(ENDPOINT, ConfigKeys.Type.URL, false,
            "The URL of the standby cloud emulator, for example http://127.0.0.1:8080.")
            .required(ConfigKeys.Capability.CHAT));

    @Override
    public String id() {
        return StandbyCloud.ID;
    }

    @Override
    public List<ConfigKeys.Key> keys() {
        return KEYS;
    }

    @Override
    public Provider create(ProviderConfig config) {
        return new StandbyProvider(config.require(ENDPOINT));
    }

    /** An HTTP status from the standby cloud, mapped by {@link #errorMapper()}. */
    static final class StatusException extends RuntimeException {
        final int status;
        final String retryAfter;

        StatusException(int status, String retryAfter, String body) {
            super("HTTP " + status + (body == null || body.isBlank() ? "" : ": " + body));
            this.status = status;
            this.retryAfter = retryAfter;
        }
    }

    private static final class StandbyProvider implements Provider {
        private static final Pattern TEXT = Pattern.compile("\"text\"\\s*:\\s*\"([^\"]*)\"");
        private static final Pattern INPUT = Pattern.compile("\"inputTokens\"\\s*:\\s*(\\d+)");
        private static final Pattern OUTPUT = Pattern.compile("\"outputTokens\"\\s*:\\s*(\\d+)");
        private final HttpClient http = HttpClient.newHttpClient();
        private final String baseUrl;

        StandbyProvider(String baseUrl) {
            this.baseUrl = baseUrl;
        }

        @Override
        public String id() {
            return StandbyCloud.ID;
        }

        @Override
        public ErrorMapper errorMapper() {
            return (operation, error) -> {
                ErrorInfo.Builder info = ErrorInfo.builder(StandbyCloud.ID, operation);
                if (error instanceof StatusException s) {
                    return HttpErrors.fromStatus(info.httpStatus(s.status).build(), s.getMessage(),
                            HttpErrors.parseRetryAfter(s.retryAfter).orElse(null), s);
                }
                if (error instanceof IllegalStateException parse) {
                    return new UnclassifiedException(info.build(), parse.getMessage(), false, parse);
                }
                return HttpErrors.fromTransport(info.build(), error);
            };
        }

        @Override
        public ChatModel chatModel(String modelId) {
            return new ChatModel() {
                @Override
                public ChatResponse chat(ChatRequest request) {
                    try {
                        return chatAsync(request).join();
                    } catch (java.util.concurrent.CompletionException e) {
                        throw e.getCause() instanceof RuntimeException r ? r : e;
                    }
                }

                @Override
                public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
                    java.util.Objects.requireNonNull(request, "request");
                    HttpRequest post = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/models/"
                                    + modelId + "/chat"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"messages\":" + request.messages().size() + "}"))
                            .build();
                    return http.sendAsync(post, HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
                        if (r.statusCode() != 200) {
                            throw new StatusException(r.statusCode(), r.headers().firstValue("Retry-After").orElse(null), r.body());
                        }
                        return parse(r.body(), modelId);
                    });
                }

                @Override
                public Flow.Publisher<ChatChunk> stream(ChatRequest request) {
                    throw new UnsupportedOperationException("the standby cloud does not stream; fallback tests chat");
                }
            };
        }

        private static ChatResponse parse(String body, String model) {
            Matcher text = TEXT.matcher(body);
            Matcher in = INPUT.matcher(body);
            Matcher out = OUTPUT.matcher(body);
            if (!text.find() || !in.find() || !out.find()) throw new IllegalStateException("malformed answer: " + body);
            return ChatResponse.builder().text(text.group(1))
                    .usage(new TokenUsage(Integer.parseInt(in.group(1)), Integer.parseInt(out.group(1))))
                    .finishReason(FinishReason.STOP).provider(StandbyCloud.ID).model(model).build();
        }

        @Override
        public void close() {
        }
    }
}
