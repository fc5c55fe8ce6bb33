package dev.cloudai;

import dev.cloudai.accelerator.AcceleratorCatalog;
import dev.cloudai.config.ConfigKeys;
import dev.cloudai.config.ConfigurationException;
import dev.cloudai.deployment.Endpoints;
import dev.cloudai.internal.CallPipeline;
import dev.cloudai.internal.ProviderRegistry;
import dev.cloudai.internal.ResilientChatModel;
import dev.cloudai.internal.ResilientEmbeddingModel;
import dev.cloudai.internal.ResilientEndpoints;
import dev.cloudai.internal.SystemTimer;
import dev.cloudai.invocation.ChatModel;
import dev.cloudai.invocation.EmbeddingModel;
import dev.cloudai.spi.Provider;
import dev.cloudai.spi.ProviderConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

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
    private final Provider provider;
    private final SystemTimer timer;
    private final CallPipeline pipeline;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Map<String, ChatModel> chatModels = new ConcurrentHashMap<>();
    private final Map<String, EmbeddingModel> embeddingModels = new ConcurrentHashMap<>();
    private volatile Endpoints endpoints;
    private volatile AcceleratorCatalog catalog;

    private CloudAi(CloudAiConfig config, ProviderRegistry registry) {
        this.config = Objects.requireNonNull(config, "config");
        String id = config.provider().orElseThrow(() -> new ConfigurationException(ConfigKeys.PROVIDER
                + " is not set; set it to one of the providers found (" + describe(registry.ids())
                + ") in cloudai.properties, as -Dcloudai.provider=..., or as CLOUDAI_PROVIDER"));
        var factory = registry.require(id, ConfigKeys.PROVIDER);
        for (String fallback : config.fallback()) {
            registry.require(fallback, ConfigKeys.FALLBACK);
        }
        if (!config.fallback().isEmpty()) {
            LOG.warn("{} is validated but cross-provider fallback is not active in this version; calls go to '{}' only",
                    ConfigKeys.FALLBACK, id);
        }
        this.provider = Objects.requireNonNull(factory.create(ProviderConfig.of(id, config.providerProperties(id),
                this::accelerators)), () -> factory.getClass().getName() + ".create returned null");
        this.timer = new SystemTimer();
        this.pipeline = new CallPipeline(id, provider.errorMapper(), config.retry(), timer, closed);
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
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return new CloudAi(config, ProviderRegistry.load(cl != null ? cl : CloudAi.class.getClassLoader()));
    }

    /** The provider ids whose adapters are on the classpath, sorted. */
    public static Set<String> availableProviders() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return ProviderRegistry.load(cl != null ? cl : CloudAi.class.getClassLoader()).ids();
    }

    /** The id of the provider calls go to, for example {@code aws}. */
    public String providerId() {
        return provider.id();
    }

    /** The configuration this instance was created with. */
    public CloudAiConfig config() {
        return config;
    }

    /**
     * The provider itself, whose {@link Provider#unwrap(Class)} reaches the native cloud client. Calls made on
     * native clients bypass the pipeline: no retries, no error mapping.
     */
    public Provider provider() {
        checkOpen();
        return provider;
    }

    /**
     * A chat model for a logical alias ({@code cloudai.models.<alias>.<provider>}) or a native model id.
     *
     * @throws ConfigurationException when {@code name} is an alias defined for other providers but not this one
     */
    public ChatModel chatModel(String name) {
        String model = resolveModel(name);
        return chatModels.computeIfAbsent(model, m -> new ResilientChatModel(provider.chatModel(m), pipeline));
    }

    /** An embedding model for a logical alias or a native model id; see {@link #chatModel(String)}. */
    public EmbeddingModel embeddingModel(String name) {
        String model = resolveModel(name);
        return embeddingModels.computeIfAbsent(model, m -> new ResilientEmbeddingModel(provider.embeddingModel(m), pipeline));
    }

    /** Managed endpoints on this provider: plan, deploy, invoke, delete. */
    public Endpoints endpoints() {
        checkOpen();
        Endpoints e = endpoints;
        if (e == null) {
            synchronized (this) {
                if (endpoints == null) endpoints = new ResilientEndpoints(provider.endpoints(), pipeline);
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

    /** Closes the provider's clients and stops pending retries. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        try {
            provider.close();
        } finally {
            timer.close();
        }
    }

    @Override
    public String toString() {
        return "CloudAi[provider=" + provider.id() + (closed.get() ? ", closed" : "") + "]";
    }

    private String resolveModel(String name) {
        checkOpen();
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name: must not be blank; give a model alias from cloudai.models.* or a native model id");
        }
        String id = provider.id();
        var aliased = config.model(name, id);
        if (aliased.isPresent()) return aliased.get();
        Set<String> elsewhere = config.providersFor(name);
        if (!elsewhere.isEmpty()) {
            throw new ConfigurationException("model alias '" + name + "' has no model for provider '" + id
                    + "' (it is defined for " + String.join(", ", elsewhere) + "); set "
                    + ConfigKeys.modelKey(CloudAiConfig.normalizeAlias(name), id));
        }
        return name.strip();
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("This CloudAi (provider " + provider.id() + ") is closed;"
                    + " create a new one with CloudAi.create(...) or CloudAi.fromConfig()");
        }
    }

    private static String describe(Set<String> ids) {
        return ids.isEmpty() ? "none: add dev.cloudai:sdk-aws, sdk-gcp or sdk-azure" : String.join(", ", ids);
    }
}
