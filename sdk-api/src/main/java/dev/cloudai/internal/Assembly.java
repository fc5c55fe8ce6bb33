package dev.cloudai.internal;

import dev.cloudai.accelerator.AcceleratorCatalog;
import dev.cloudai.batch.Batches;
import dev.cloudai.config.ResilienceSettings;
import dev.cloudai.config.RetrySettings;
import dev.cloudai.deployment.Endpoints;
import dev.cloudai.internal.batch.ResilientBatches;
import dev.cloudai.internal.fallback.FallbackChain;
import dev.cloudai.internal.fallback.FallbackChatModel;
import dev.cloudai.internal.fallback.FallbackEmbeddingModel;
import dev.cloudai.internal.pipeline.CallPipeline;
import dev.cloudai.internal.pipeline.Listeners;
import dev.cloudai.internal.pipeline.OpenCalls;
import dev.cloudai.internal.pipeline.Pricer;
import dev.cloudai.internal.pipeline.ResilientChatModel;
import dev.cloudai.internal.pipeline.ResilientEmbeddingModel;
import dev.cloudai.internal.pipeline.SystemTimer;
import dev.cloudai.internal.serving.EndpointChatModel;
import dev.cloudai.internal.serving.EndpointEmbeddingModel;
import dev.cloudai.invocation.ChatModel;
import dev.cloudai.invocation.EmbeddingModel;
import dev.cloudai.pricing.PriceTable;
import dev.cloudai.resilience.CallListener;
import dev.cloudai.spi.Provider;
import dev.cloudai.spi.ProviderConfig;
import dev.cloudai.spi.ProviderFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one place that wires a {@code CloudAi}: each provider made by its factory, each behind its own call pipeline
 * (all sharing one timer, one set of open calls and the listeners), models routed through fallback, endpoints
 * planned on the catalog. {@code CloudAi} keeps what the user configured (aliases, catalog file) and hands this class
 * plain values, so the internals never depend on the root package. Not API.
 *
 * <pre>{@code
 * Assembly parts = Assembly.of(List.of("aws", "azure"), registry::require, id -> config.providerProperties(id),
 *         config.retry(), config.resilience(), listeners, catalogSupplier, Pricer.NONE);
 * ChatModel chat = parts.chatModel(providerId -> modelFor(alias, providerId));
 * }</pre>
 */
public final class Assembly implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Assembly.class);

    private final Map<String, Member> members;   // the configured provider first, then the fallbacks, in order
    private final Member primary;
    private final SystemTimer timer;
    private final OpenCalls calls;
    private final CallListener listener;
    private final Supplier<AcceleratorCatalog> catalog;

    /** A provider and the pipeline its calls take. */
    private record Member(Provider provider, CallPipeline pipeline) {
    }

    private Assembly(Map<String, Member> members, SystemTimer timer, OpenCalls calls, CallListener listener,
                     Supplier<AcceleratorCatalog> catalog) {
        this.members = Collections.unmodifiableMap(members);
        this.primary = members.values().iterator().next();
        this.timer = timer;
        this.calls = calls;
        this.listener = listener;
        this.catalog = catalog;
    }

    /**
     * Makes every provider of {@code providerIds} (the primary first) with its factory and its own keys, each behind
     * a pipeline. Creating does no network I/O; when one factory fails, those made before are closed.
     *
     * @param factories    the factory of a provider id (it fails, naming the key, for an id with none)
     * @param properties   a provider's own {@code cloudai.<id>.*} keys and the shared ones
     * @param catalog      the accelerator catalog endpoints plan on, read when first needed
     * @param pricer       what calls cost, for their answers and events
     */
    public static Assembly of(List<String> providerIds, Function<String, ProviderFactory> factories,
                              Function<String, Map<String, String>> properties, RetrySettings retry,
                              ResilienceSettings resilience, List<CallListener> listeners,
                              Supplier<AcceleratorCatalog> catalog, Pricer pricer) {
        if (providerIds.isEmpty()) throw new IllegalArgumentException("providerIds: must not be empty");
        Map<String, ProviderFactory> found = new LinkedHashMap<>();
        for (String id : providerIds) found.put(id, factories.apply(id));   // every id checked before anything is made
        CallListener listener = Listeners.of(listeners);
        SystemTimer timer = new SystemTimer();
        OpenCalls calls = new OpenCalls();
        Map<String, Member> made = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, ProviderFactory> f : found.entrySet()) {
                String id = f.getKey();
                ProviderFactory factory = f.getValue();
                Provider p = Objects.requireNonNull(factory.create(ProviderConfig.of(id, properties.apply(id), factory.keys())),
                        () -> factory.getClass().getName() + ".create returned null");
                made.put(id, new Member(p, CallPipeline.builder(id, p.errorMapper()).retry(retry).resilience(resilience)
                        .timer(timer).calls(calls).listener(listener).pricer(pricer).build()));
            }
        } catch (RuntimeException e) {
            made.values().forEach(m -> closeQuietly(m.provider()));
            timer.close();
            throw e;
        }
        return new Assembly(made, timer, calls, listener, Objects.requireNonNull(catalog, "catalog"));
    }

    /** The provider ids, the primary first. */
    public List<String> providerIds() {
        return List.copyOf(members.keySet());
    }

    /** The id of the provider calls go to first. */
    public String primaryId() {
        return primary.provider().id();
    }

    /**
     * A chat model over every provider in order, each with the model {@code modelFor} names for it (a native id or
     * an {@code endpoint:} reference), behind its pipeline; with more than one provider, a fallback chain.
     */
    public ChatModel chatModel(Function<String, String> modelFor) {
        List<FallbackChain.Route<ResilientChatModel>> routes = new ArrayList<>();
        members.forEach((id, m) -> {
            String model = modelFor.apply(id);
            ChatModel raw = EndpointRef.parse(model)
                    .<ChatModel>map(e -> new EndpointChatModel(m.provider().endpointPlatform(), id, e.endpointId(), e.chatProtocol()))
                    .orElseGet(() -> m.provider().chatModel(model));
            routes.add(new FallbackChain.Route<>(id, new ResilientChatModel(raw, model, m.pipeline())));
        });
        return routes.size() == 1 ? routes.get(0).model() : new FallbackChatModel(routes, listener);
    }

    /** An embedding model over every provider in order; see {@link #chatModel}. */
    public EmbeddingModel embeddingModel(Function<String, String> modelFor) {
        List<FallbackChain.Route<ResilientEmbeddingModel>> routes = new ArrayList<>();
        members.forEach((id, m) -> {
            String model = modelFor.apply(id);
            EmbeddingModel raw = EndpointRef.parse(model)
                    .<EmbeddingModel>map(e -> new EndpointEmbeddingModel(m.provider().endpointPlatform(), id, e.endpointId(),
                            e.embeddingProtocol()))
                    .orElseGet(() -> m.provider().embeddingModel(model));
            routes.add(new FallbackChain.Route<>(id, new ResilientEmbeddingModel(raw, model, m.pipeline())));
        });
        return routes.size() == 1 ? routes.get(0).model() : new FallbackEmbeddingModel(routes, listener);
    }

    /** The primary provider's endpoints behind its pipeline, planned on the catalog. Deployments never fall back. */
    public Endpoints endpoints() {
        return new ResilientEndpoints(primary.provider().endpointPlatform(), primary.pipeline(), catalog);
    }

    /**
     * The primary provider's batch jobs behind its pipeline. Batch jobs never fall back: a job lives on the cloud
     * that accepted it.
     *
     * @param modelFor     the primary provider's native model id for a model alias or native id
     * @param pollInterval how often {@code await} reads a job ({@code cloudai.batch.poll-interval})
     * @param prices       the price table estimates are priced by
     * @throws UnsupportedOperationException when the provider has no batch engine
     */
    public Batches batches(Function<String, String> modelFor, Duration pollInterval, Supplier<PriceTable> prices) {
        return new ResilientBatches(primary.provider().batchPlatform(), primary.pipeline(), modelFor, pollInterval, prices);
    }

    /** The primary provider's native client of {@code type}; see {@code CloudAi.unwrap}. */
    public <T> T unwrap(Class<T> type) {
        return primary.provider().unwrap(type);
    }

    /** Whether {@link #close()} has run. */
    public boolean isClosed() {
        return calls.isClosed();
    }

    /**
     * Ends every call still open, then closes the timer and every provider. Calls first: their in-flight requests
     * are cancelled while the clients that carry them still run, so no cloud SDK finds its event loop gone under a
     * request it is still finishing. Idempotent.
     */
    @Override
    public void close() {
        if (!calls.close()) return;
        timer.close();
        members.values().forEach(m -> closeQuietly(m.provider()));
    }

    private static void closeQuietly(Provider provider) {
        try {
            provider.close();
        } catch (RuntimeException e) {
            LOG.warn("Closing provider {} failed", provider.id(), e);
        }
    }
}
