package dev.cloudai;

import dev.cloudai.accelerator.AcceleratorCatalog;
import dev.cloudai.config.ConfigKeys;
import dev.cloudai.config.ConfigurationException;
import dev.cloudai.deployment.Endpoints;
import dev.cloudai.internal.pipeline.CallPipeline;
import dev.cloudai.internal.fallback.FallbackChain;
import dev.cloudai.internal.EndpointRef;
import dev.cloudai.internal.fallback.FallbackChatModel;
import dev.cloudai.internal.serving.EndpointChatModel;
import dev.cloudai.internal.serving.EndpointEmbeddingModel;
import dev.cloudai.internal.fallback.FallbackEmbeddingModel;
import dev.cloudai.internal.pipeline.Listeners;
import dev.cloudai.internal.pipeline.OpenCalls;
import dev.cloudai.internal.ProviderRegistry;
import dev.cloudai.internal.pipeline.ResilientChatModel;
import dev.cloudai.internal.pipeline.ResilientEmbeddingModel;
import dev.cloudai.internal.ResilientEndpoints;
import dev.cloudai.internal.pipeline.SystemTimer;
import dev.cloudai.invocation.ChatModel;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.invocation.EmbeddingModel;
import dev.cloudai.resilience.CallListener;
import dev.cloudai.spi.Provider;
import dev.cloudai.spi.ProviderFactory;
import dev.cloudai.spi.ProviderConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The entry point: one provider chosen by configuration, its models and endpoints, and the accelerator catalog.
 * Thread-safe; create one per application and close it on shutdown. Every call it hands out goes through the
 * shared pipeline: errors mapped to {@link dev.cloudai.errors.CloudAiException}s, retryable ones retried.
 *
 * <pre>{@code
 * try (CloudAi ai = CloudAi.fromConfig()) {             // cloudai.provider=aws|gcp|azure
 *     ChatResponse r = ai.chatModel("default").chat(ChatRequest.ofUser("Why use Inferentia?"));
 *     System.out.println(r.text() + "  " + r.usage());
 * }
 * CloudAi typed = CloudAi.create(CloudAiConfig.builder().provider("aws").region("us-east-1").build());
 * }</pre>
 */
public final class CloudAi implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CloudAi.class);

    private final CloudAiConfig config;
    private final Map<String, Member> members;   // the configured provider first, then cloudai.fallback's, in order
    private final Member primary;
    private final SystemTimer timer;
    private final CallListener listener;
    private final OpenCalls calls = new OpenCalls();
    private final Map<String, ChatModel> chatModels = new ConcurrentHashMap<>();
    private final Map<String, EmbeddingModel> embeddingModels = new ConcurrentHashMap<>();
    private volatile Endpoints endpoints;
    private volatile AcceleratorCatalog catalog;

    /** A provider and the pipeline its calls take. */
    private record Member(Provider provider, CallPipeline pipeline) {
    }

    private CloudAi(CloudAiConfig config, ProviderRegistry registry, List<CallListener> listeners) {
        this.config = Objects.requireNonNull(config, "config");
        String id = config.provider().orElseThrow(() -> new ConfigurationException(ConfigKeys.PROVIDER
                + " is not set; set it to one of the providers found (" + describe(registry.ids())
                + ") in cloudai.properties, as -Dcloudai.provider=..., or as CLOUDAI_PROVIDER"));
        List<String> ids = new ArrayList<>();
        ids.add(id);
        for (String fallback : config.fallback()) {
            if (!fallback.equals(id)) ids.add(fallback);
        }
        Map<String, ProviderFactory> factories = new LinkedHashMap<>();
        for (String each : ids) {
            factories.put(each, registry.require(each, each.equals(id) ? ConfigKeys.PROVIDER : ConfigKeys.FALLBACK));
        }
        this.listener = Listeners.of(listeners);
        this.timer = new SystemTimer();
        Map<String, Member> made = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, ProviderFactory> f : factories.entrySet()) {
                Provider p = Objects.requireNonNull(f.getValue().create(ProviderConfig.of(f.getKey(),
                        config.providerProperties(f.getKey()), this::accelerators, f.getValue().keys())),
                        () -> f.getValue().getClass().getName() + ".create returned null");
                made.put(f.getKey(), new Member(p, CallPipeline.builder(f.getKey(), p.errorMapper()).retry(config.retry())
                        .resilience(config.resilience()).timer(timer).calls(calls).listener(listener).build()));
            }
        } catch (RuntimeException e) {
            made.values().forEach(m -> m.provider().close());
            timer.close();
            throw e;
        }
        this.members = Collections.unmodifiableMap(made);
        this.primary = made.get(id);
    }

    /**
     * A {@code CloudAi} configured from system properties, environment variables and the classpath resource
     * {@code cloudai.properties}, in that order of precedence.
     *
     * @throws ConfigurationException naming every unknown key, bad value, or missing or unknown provider
     */
    public static CloudAi fromConfig() {
        return create(CloudAiConfig.load());
    }

    /**
     * A {@code CloudAi} for a configuration built in code. Creating one does no network I/O.
     *
     * @throws ConfigurationException when the provider is missing, unknown or not on the classpath
     */
    public static CloudAi create(CloudAiConfig config) {
        return create(config, new CallListener[0]);
    }

    /** A {@code CloudAi} whose calls report to {@code listeners}: attempts, retries, fallbacks, circuits, outcomes. */
    public static CloudAi create(CloudAiConfig config, CallListener... listeners) {
        Objects.requireNonNull(config, "config");
        List<CallListener> checked = dev.cloudai.internal.util.Arguments.listOf("listeners", listeners);
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return new CloudAi(config, ProviderRegistry.load(cl != null ? cl : CloudAi.class.getClassLoader()), checked);
    }

    /** The provider ids whose adapters are on the classpath, sorted. */
    public static Set<String> availableProviders() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return ProviderRegistry.load(cl != null ? cl : CloudAi.class.getClassLoader()).ids();
    }

    /** The id of the provider calls go to first, for example {@code aws}. */
    public String providerId() {
        return primary.provider().id();
    }

    /** The providers calls may go to, in order: {@code cloudai.provider}, then {@code cloudai.fallback}. */
    public List<String> providerIds() {
        return List.copyOf(members.keySet());
    }

    /** The configuration this instance was created with. */
    public CloudAiConfig config() {
        return config;
    }

    /**
     * The configured provider itself, whose {@link Provider#unwrap(Class)} reaches the native cloud client. Calls
     * made on native clients bypass the pipeline: no retries, no error mapping.
     */
    public Provider provider() {
        checkOpen();
        return primary.provider();
    }

    /**
     * A chat model for a logical alias ({@code cloudai.models.<alias>.<provider>}) or a native model id. An alias may
     * name a deployed endpoint instead, {@code endpoint:<id>;protocol=openai-chat} (or {@code tgi}), so a service
     * moves between a managed model and its own by configuration alone, fallback included. With
     * {@code cloudai.fallback}, calls move to the next provider, with the alias's model there, when a provider fails
     * retryably or its circuit is open; {@link ChatResponse#provider()} says who answered.
     *
     * @throws ConfigurationException when an alias lacks a model for one of the providers, or a native id is used
     *                                with fallback
     */
    public ChatModel chatModel(String name) {
        checkOpen();
        return chatModels.computeIfAbsent(key(name), k -> {
            List<FallbackChain.Route<ResilientChatModel>> routes = new ArrayList<>();
            members.forEach((id, m) -> {
                String model = resolveModel(name, id);
                ChatModel raw = EndpointRef.parse(model)
                        .<ChatModel>map(e -> new EndpointChatModel(m.provider().endpoints(), id, e.endpointId(), e.chatProtocol()))
                        .orElseGet(() -> m.provider().chatModel(model));
                routes.add(new FallbackChain.Route<>(id, new ResilientChatModel(raw, model, m.pipeline())));
            });
            return routes.size() == 1 ? routes.get(0).model() : new FallbackChatModel(routes, listener);
        });
    }

    /** An embedding model for a logical alias or a native model id; see {@link #chatModel(String)}. */
    public EmbeddingModel embeddingModel(String name) {
        checkOpen();
        return embeddingModels.computeIfAbsent(key(name), k -> {
            List<FallbackChain.Route<ResilientEmbeddingModel>> routes = new ArrayList<>();
            members.forEach((id, m) -> {
                String model = resolveModel(name, id);
                EmbeddingModel raw = EndpointRef.parse(model)
                        .<EmbeddingModel>map(e -> new EndpointEmbeddingModel(m.provider().endpoints(), id, e.endpointId(),
                                e.embeddingProtocol()))
                        .orElseGet(() -> m.provider().embeddingModel(model));
                routes.add(new FallbackChain.Route<>(id, new ResilientEmbeddingModel(raw, model, m.pipeline())));
            });
            return routes.size() == 1 ? routes.get(0).model() : new FallbackEmbeddingModel(routes, listener);
        });
    }

    /** Managed endpoints on the configured provider: plan, deploy, invoke, delete. Deployments never fall back. */
    public Endpoints endpoints() {
        checkOpen();
        Endpoints e = endpoints;
        if (e == null) {
            synchronized (this) {
                if (endpoints == null) endpoints = new ResilientEndpoints(primary.provider().endpoints(), primary.pipeline());
                e = endpoints;
            }
        }
        return e;
    }

    /**
     * The accelerator catalog: the built-in one, with the rows of {@code cloudai.catalog.file} replacing built-in rows
     * of the same cloud, platform, region and instance type, and added otherwise.
     */
    public AcceleratorCatalog accelerators() {
        AcceleratorCatalog c = catalog;
        if (c == null) {
            synchronized (this) {
                if (catalog == null) {
                    catalog = config.catalogFile()
                            .map(file -> AcceleratorCatalog.builtIn().withOverrides(AcceleratorCatalog.fromCsv(file)))
                            .orElseGet(AcceleratorCatalog::builtIn);
                }
                c = catalog;
            }
        }
        return c;
    }

    /**
     * Ends every call still open, then closes every provider's clients. A call open now (in flight, waiting for its
     * retry, or a stream not finished) ends at once with an {@link IllegalStateException} that says the client was
     * closed, reported once to listeners; nothing is scheduled after this returns. Idempotent.
     */
    @Override
    public void close() {
        // Calls first: their in-flight requests are cancelled while the clients that carry them still run, so no
        // cloud SDK finds its event loop gone under a request it is still finishing.
        if (!calls.close()) return;
        timer.close();
        for (Member m : members.values()) {
            try {
                m.provider().close();
            } catch (RuntimeException e) {
                LOG.warn("Closing provider {} failed", m.provider().id(), e);
            }
        }
    }

    @Override
    public String toString() {
        return "CloudAi[providers=" + members.keySet() + (calls.isClosed() ? ", closed" : "") + "]";
    }

    private static String key(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name: must not be blank; give a model alias from cloudai.models.* or a native model id");
        }
        return name.strip();
    }

    private String resolveModel(String name, String providerId) {
        var aliased = config.model(name, providerId);
        if (aliased.isPresent()) return aliased.get();
        Set<String> defined = config.providersFor(name);
        if (!defined.isEmpty()) {
            throw new ConfigurationException("model alias '" + name + "' has no model for provider '" + providerId
                    + "' (it is defined for " + String.join(", ", defined) + "); set "
                    + ConfigKeys.modelKey(CloudAiConfig.normalizeAlias(name), providerId));
        }
        if (members.size() > 1) {
            throw new ConfigurationException("'" + name + "' is not a model alias, and with " + ConfigKeys.FALLBACK
                    + " each provider needs its own model id; define it as cloudai.models." + CloudAiConfig.normalizeAlias(name)
                    + ".<provider> for each of " + String.join(", ", members.keySet()));
        }
        return name.strip();
    }

    private void checkOpen() {
        if (calls.isClosed()) {
            throw new IllegalStateException("This CloudAi (provider " + primary.provider().id() + ") is closed;"
                    + " create a new one with CloudAi.create(...) or CloudAi.fromConfig()");
        }
    }

    private static String describe(Set<String> ids) {
        return ids.isEmpty() ? "none: add dev.cloudai:sdk-aws, sdk-gcp or sdk-azure" : String.join(", ", ids);
    }
}
