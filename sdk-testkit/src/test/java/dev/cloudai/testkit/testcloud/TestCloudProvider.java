package dev.cloudai.testkit.testcloud;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudai.deployment.DeploymentPlan;
import dev.cloudai.deployment.Endpoint;
import dev.cloudai.deployment.EndpointSpec;
import dev.cloudai.deployment.EndpointStatus;
import dev.cloudai.deployment.InvokeRequest;
import dev.cloudai.deployment.InvokeResponse;
import dev.cloudai.deployment.PlatformFacts;
import dev.cloudai.errors.DeploymentFailedException;
import dev.cloudai.errors.ErrorInfo;
import dev.cloudai.errors.UnclassifiedException;
import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.ChatMessage;
import dev.cloudai.invocation.ChatModel;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.invocation.Embedding;
import dev.cloudai.invocation.EmbeddingModel;
import dev.cloudai.invocation.EmbeddingRequest;
import dev.cloudai.invocation.EmbeddingResponse;
import dev.cloudai.invocation.FinishReason;
import dev.cloudai.invocation.TokenUsage;
import dev.cloudai.spi.EndpointPlatform;
import dev.cloudai.spi.ErrorMapper;
import dev.cloudai.spi.Provider;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The raw testcloud provider: one HTTP request per call with {@link HttpClient}, raw exceptions, no retries, no
 * error mapping ({@link TestCloudErrorMapper} maps). Given {@link Flaw}s, it has those bugs, for the tests that
 * prove the contract tests catch them.
 */
final class TestCloudProvider implements Provider {
    /** The catalog region of the testcloud's instance types ({@link TestCloud#CATALOG}). */
    static final String REGION = "testcloud-local";
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String id;
    private final URI base;
    private final Set<Flaw> flaws;
    private final ExecutorService executor;
    private final HttpClient http;
    private final int apiVersion;

    TestCloudProvider(String id, String baseUrl, Set<Flaw> flaws) {
        this(id, baseUrl, flaws, 1);
    }

    TestCloudProvider(String id, String baseUrl, Set<Flaw> flaws, int apiVersion) {
        this.id = id;
        this.apiVersion = apiVersion;
        this.base = URI.create(baseUrl + "/");
        this.flaws = flaws.isEmpty() ? EnumSet.noneOf(Flaw.class) : EnumSet.copyOf(flaws);
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, id + "-http");
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                .connectTimeout(REQUEST_TIMEOUT).build();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public ErrorMapper errorMapper() {
        if (flaws.contains(Flaw.ONE_ERROR_TYPE)) {
            return (operation, error) -> new UnclassifiedException(ErrorInfo.builder(id, operation).build(),
                    String.valueOf(error), false, error);
        }
        return new TestCloudErrorMapper(id);
    }

    @Override
    public ChatModel chatModel(String modelId) {
        return new Chat(modelId);
    }

    @Override
    public EmbeddingModel embeddingModel(String modelId) {
        return new Embed(modelId);
    }

    @Override
    public EndpointPlatform endpointPlatform() {
        return new TestCloudEndpoints();
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        if (type.isInstance(http)) return type.cast(http);
        return Provider.super.unwrap(type);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "TestCloudProvider[" + id + ", " + base + (flaws.isEmpty() ? "" : ", flaws " + flaws) + "]";
    }

    // ---- HTTP ----

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT).header("Accept", "application/json")
                .header("x-api-version", Integer.toString(apiVersion));
    }

    private HttpRequest postJson(String path, JsonNode body) {
        return request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
    }

    private <T> CompletableFuture<HttpResponse<T>> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        CompletableFuture<HttpResponse<T>> first = http.sendAsync(request, handler);
        if (!flaws.contains(Flaw.OWN_RETRIES)) return first;
        // Flaw: a second layer of retries under the SDK's pipeline.
        return first.handle((r, e) -> e != null || r.statusCode() >= 400 ? http.sendAsync(request, handler)
                : CompletableFuture.completedFuture(r)).thenCompose(Function.identity());
    }

    private CompletableFuture<JsonNode> exchange(HttpRequest request) {
        return send(request, HttpResponse.BodyHandlers.ofString()).thenApply(TestCloudProvider::json);
    }

    /** The body of a 2xx answer as JSON; a non-2xx answer throws {@link TestCloudHttpException}. */
    private static JsonNode json(HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) throw httpError(response.statusCode(), response.headers(), response.body());
        String requestId = response.headers().firstValue("x-request-id").orElse(null);
        try {
            return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new TestCloudProtocolException("testcloud sent a body that is not JSON: " + e.getOriginalMessage(), requestId, e);
        }
    }

    static TestCloudHttpException httpError(int status, HttpHeaders headers, String body) {
        String code = null;
        String message = body;
        try {
            JsonNode error = JSON.readTree(body == null || body.isBlank() ? "{}" : body).path("error");
            if (error.isObject()) {
                code = error.path("code").asText(null);
                message = error.path("message").asText(body);
            }
        } catch (JsonProcessingException notJson) {
            // keep the raw body as the message
        }
        return new TestCloudHttpException(status, code, message, headers.firstValue("x-request-id").orElse(null),
                headers.firstValue("Retry-After").orElse(null));
    }

    private static <T> T join(CompletableFuture<T> future) {
        return future.join();   // a CompletionException: the pipeline unwraps it before mapping
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new TestCloudProtocolException("testcloud's answer lacks '" + field + "': " + node, null, null);
        }
        return value;
    }

    private static TokenUsage usage(JsonNode node) {
        JsonNode usage = required(node, "usage");
        return new TokenUsage(required(usage, "input").asInt(), required(usage, "output").asInt());
    }

    private static FinishReason finishReason(String finish) {
        return switch (finish) {
            case "stop" -> FinishReason.STOP;
            case "length" -> FinishReason.MAX_TOKENS;
            case "filtered" -> FinishReason.CONTENT_FILTERED;
            default -> FinishReason.OTHER;
        };
    }

    // ---- chat ----

    private final class Chat implements ChatModel {
        private final String model;

        Chat(String model) {
            this.model = model;
        }

        private ObjectNode body(ChatRequest request) {
            ObjectNode body = JSON.createObjectNode();
            ArrayNode messages = body.putArray("messages");
            for (ChatMessage m : request.messages()) {
                messages.addObject().put("role", m.role().name().toLowerCase(Locale.ROOT)).put("text", m.text());
            }
            request.maxTokens().ifPresent(n -> body.put("maxTokens", n));
            request.temperature().ifPresent(t -> body.put("temperature", t));
            return body;
        }

        @Override
        public ChatResponse chat(ChatRequest request) {
            return join(chatAsync(request));
        }

        @Override
        public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
            HttpRequest http = postJson("v1/models/" + segment(model) + "/chat", body(request));
            return send(http, HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
                JsonNode n = json(response);
                String finish = required(n, "finish").asText();
                return ChatResponse.builder().text(required(n, "text").asText()).usage(usage(n))
                        .finishReason(finishReason(finish)).finishDetail(finish).provider(id).model(model)
                        .requestId(response.headers().firstValue("x-request-id").orElse(null)).build();
            });
        }

        @Override
        public Flow.Publisher<ChatChunk> stream(ChatRequest request) {
            HttpRequest http = postJson("v1/models/" + segment(model) + "/stream", body(request));
            if (flaws.contains(Flaw.IGNORES_DEMAND)) return new DemandIgnoringStream(http);
            return new NdjsonChatStream(TestCloudProvider.this.http, http, TestCloudProvider::chunk);
        }
    }

    static ChatChunk chunk(String line) {
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new TestCloudProtocolException("testcloud sent a stream line that is not JSON: " + line, null, e);
        }
        if (n.has("delta")) return new ChatChunk.TextDelta(n.get("delta").asText());
        if (n.has("finish")) {
            String finish = n.get("finish").asText();
            return new ChatChunk.Finished(finishReason(finish), Optional.of(finish), Optional.of(usage(n)));
        }
        throw new TestCloudProtocolException("testcloud sent a stream line with neither delta nor finish: " + line, null, null);
    }

    /** Flaw: reads the whole answer, then pushes every chunk at once, whatever the subscriber asked for. */
    private final class DemandIgnoringStream implements Flow.Publisher<ChatChunk> {
        private final HttpRequest request;

        DemandIgnoringStream(HttpRequest request) {
            this.request = request;
        }

        @Override
        public void subscribe(Flow.Subscriber<? super ChatChunk> subscriber) {
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            send(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
                if (error != null) {
                    subscriber.onError(error instanceof CompletionException ? error.getCause() : error);
                } else if (response.statusCode() / 100 != 2) {
                    subscriber.onError(httpError(response.statusCode(), response.headers(), response.body()));
                } else {
                    response.body().lines().filter(l -> !l.isBlank()).map(TestCloudProvider::chunk).forEach(subscriber::onNext);
                    subscriber.onComplete();
                }
            });
        }
    }

    // ---- embeddings ----

    private final class Embed implements EmbeddingModel {
        private final String model;

        Embed(String model) {
            this.model = model;
        }

        @Override
        public EmbeddingResponse embed(EmbeddingRequest request) {
            return join(embedAsync(request));
        }

        @Override
        public CompletableFuture<EmbeddingResponse> embedAsync(EmbeddingRequest request) {
            ObjectNode body = JSON.createObjectNode();
            ArrayNode inputs = body.putArray("inputs");
            request.inputs().forEach(inputs::add);
            return exchange(postJson("v1/models/" + segment(model) + "/embed", body)).thenApply(n -> {
                JsonNode items = required(n, "embeddings");
                float[][] byIndex = new float[items.size()][];
                for (JsonNode e : items) {
                    int index = required(e, "index").asInt(-1);
                    if (index < 0 || index >= byIndex.length || byIndex[index] != null) {
                        throw new TestCloudProtocolException("testcloud sent a bad embedding index: " + e.get("index"), null, null);
                    }
                    JsonNode values = required(e, "vector");
                    float[] v = new float[values.size()];
                    for (int i = 0; i < v.length; i++) v[i] = (float) values.get(i).asDouble();
                    byIndex[index] = v;
                }
                List<float[]> vectors = new ArrayList<>(List.of(byIndex));
                if (flaws.contains(Flaw.SHUFFLES_EMBEDDINGS)) Collections.reverse(vectors);
                List<Embedding> embeddings = new ArrayList<>();
                for (int i = 0; i < vectors.size(); i++) embeddings.add(new Embedding(i, vectors.get(i)));
                return new EmbeddingResponse(embeddings, Optional.empty(), id, model);
            });
        }
    }

    // ---- endpoints ----

    private final class TestCloudEndpoints implements EndpointPlatform {
        private static final Duration POLL = Duration.ofMillis(5);

        /** One platform in one region, whose instance types are the rows of {@link TestCloud#CATALOG}. */
        @Override
        public PlatformFacts facts() {
            return PlatformFacts.of(id, "aws", "sagemaker", REGION);
        }

        @Override
        public Endpoint deploy(EndpointSpec spec, DeploymentPlan plan) {
            ObjectNode body = JSON.createObjectNode().put("image", spec.image()).put("instanceType", plan.instanceType())
                    .put("instanceCount", plan.instanceCount());
            HttpRequest create = request("v1/endpoints/" + segment(spec.name())).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(body.toString())).build();
            Endpoint endpoint = endpoint(join(exchange(create)));
            if (flaws.contains(Flaw.NO_WAIT_ON_DEPLOY)) return endpoint;
            long deadline = System.nanoTime() + spec.timeout().toNanos();
            while (!endpoint.status().isTerminal()) {
                if (System.nanoTime() > deadline) {
                    throw new CompletionException(new TimeoutException("endpoint " + spec.name() + " did not serve within "
                            + spec.timeout() + "; it is " + endpoint.status()));
                }
                CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(POLL.toMillis(), TimeUnit.MILLISECONDS)).join();
                endpoint = get(spec.name()).orElseThrow(() -> new TestCloudHttpException(404, "NotFound",
                        "endpoint " + spec.name() + " vanished while deploying", null, null));
            }
            if (endpoint.status() != EndpointStatus.IN_SERVICE) {
                throw new DeploymentFailedException(ErrorInfo.builder(id, "deploy").providerCode(endpoint.status().name()).build(),
                        endpoint.id(), endpoint.failureReason().orElse("testcloud gave no reason"), null);
            }
            return endpoint;
        }

        @Override
        public Optional<Endpoint> get(String endpointId) {
            HttpResponse<String> response = join(send(request("v1/endpoints/" + segment(endpointId)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()));
            if (response.statusCode() == 404) return Optional.empty();
            return Optional.of(endpoint(json(response)));
        }

        @Override
        public List<Endpoint> list() {
            List<Endpoint> out = new ArrayList<>();
            for (JsonNode e : required(join(exchange(request("v1/endpoints").GET().build())), "endpoints")) out.add(endpoint(e));
            return out;
        }

        @Override
        public void delete(String endpointId) {
            HttpResponse<String> response = join(send(request("v1/endpoints/" + segment(endpointId)).DELETE().build(),
                    HttpResponse.BodyHandlers.ofString()));
            if (response.statusCode() == 404 && !flaws.contains(Flaw.DELETE_FAILS_WHEN_GONE)) return;   // gone already
            json(response);
        }

        @Override
        public InvokeResponse invoke(String endpointId, InvokeRequest request) {
            return join(invokeAsync(endpointId, request));
        }

        @Override
        public CompletableFuture<InvokeResponse> invokeAsync(String endpointId, InvokeRequest request) {
            HttpRequest.Builder b = request("v1/endpoints/" + segment(endpointId) + "/invoke")
                    .header("Content-Type", request.contentType())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
            request.accept().ifPresent(a -> b.setHeader("Accept", a));
            return send(b.build(), HttpResponse.BodyHandlers.ofByteArray()).thenApply(response -> {
                if (response.statusCode() / 100 != 2) {
                    throw httpError(response.statusCode(), response.headers(), new String(response.body(), StandardCharsets.UTF_8));
                }
                return new InvokeResponse(response.body(), response.headers().firstValue("Content-Type").orElse(null), id,
                        response.headers().firstValue("x-request-id").orElse(null));
            });
        }

        private Endpoint endpoint(JsonNode n) {
            String name = required(n, "name").asText();
            EndpointStatus status = switch (required(n, "state").asText()) {
                case "creating" -> EndpointStatus.CREATING;
                case "in_service" -> EndpointStatus.IN_SERVICE;
                case "failed" -> EndpointStatus.FAILED;
                case "deleting" -> EndpointStatus.DELETING;
                default -> EndpointStatus.UNKNOWN;
            };
            String created = n.path("createdAt").asText(null);
            return Endpoint.builder(name, name, id, status).instanceType(n.path("instanceType").asText(null))
                    .instanceCount(n.path("instanceCount").asInt(1)).url(base.resolve("v1/endpoints/" + segment(name) + "/invoke").toString())
                    .createdAt(created == null ? null : Instant.parse(created)).failureReason(n.path("failureReason").asText(null))
                    .build();
        }
    }
}
