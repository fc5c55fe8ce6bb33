package dev.cloudai;

import dev.cloudai.accelerator.AcceleratorCatalog;
import dev.cloudai.accelerator.CatalogCache;
import dev.cloudai.batch.Batches;
import dev.cloudai.config.ConfigKeys;
import dev.cloudai.config.ConfigurationException;
import dev.cloudai.deployment.Endpoints;
import dev.cloudai.internal.Assembly;
import dev.cloudai.internal.ProviderRegistry;
import dev.cloudai.internal.util.Durations;
import dev.cloudai.invocation.ChatModel;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.invocation.EmbeddingModel;
import dev.cloudai.pricing.PriceTable;
import dev.cloudai.resilience.CallListener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The entry point: one provider chosen by configuration, its models, endpoints and batch jobs, the accelerator
 * catalog and the model prices.
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

    private static final Duration DEFAULT_BATCH_POLL_INTERVAL = Durations.parse(
            ConfigKeys.find(ConfigKeys.BATCH_POLL_INTERVAL).flatMap(ConfigKeys.Key::defaultValue).orElseThrow()).orElseThrow();

    private final CloudAiConfig config;
    private final Assembly parts;
    private final Map<String, ChatModel> chatModels = new ConcurrentHashMap<>();
    private final Map<String, EmbeddingModel> embeddingModels = new ConcurrentHashMap<>();
    private volatile Endpoints endpoints;
    private volatile Batches batches;
    private volatile AcceleratorCatalog catalog;
    private volatile PriceTable prices;

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
        // A price file of the user's is read now, so a bad row fails at start-up, not at the first call it would price;
        // the built-in table waits for the first answer with usage.
        if (config.pricingFile().isPresent()) prices();
        this.parts = Assembly.of(ids,
                each -> registry.require(each, each.equals(id) ? ConfigKeys.PROVIDER : ConfigKeys.FALLBACK),
                config::providerProperties, config.retry(), config.resilience(), listeners, this::accelerators,
                (provider, model, usage) -> prices().cost(provider, model, usage));
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
        return parts.primaryId();
    }

    /** The providers calls may go to, in order: {@code cloudai.provider}, then {@code cloudai.fallback}. */
    public List<String> providerIds() {
        return parts.providerIds();
    }

    /** The configuration this instance was created with. */
    public CloudAiConfig config() {
        return config;
    }

    /**
     * The native cloud client of the configured provider, for what the neutral API does not cover: for example
     * {@code BedrockRuntimeClient} and {@code SageMakerClient} on AWS, {@code PredictionServiceClient} on Google Cloud,
     * {@code OpenAIClient} on Azure. The client is the one this instance's calls use, built now if no call needed it
     * yet, and closed by {@link #close()}. Calls made on it bypass the SDK: no retries, deadlines, circuit breakers,
     * error mapping or listeners.
     *
     * <pre>{@code
     * BedrockRuntimeClient bedrock = ai.unwrap(BedrockRuntimeClient.class);
     * }</pre>
     *
     * @throws IllegalArgumentException when the provider has no client of that type (the message lists those it
     *                                  has), or {@code type} is one of the SDK's own types
     */
    public <T> T unwrap(Class<T> type) {
        Objects.requireNonNull(type, "type");
        checkOpen();
        if (type.getName().startsWith("dev.cloudai.")) {
            throw new IllegalArgumentException("type: unwrap reaches the provider's native cloud clients only, not the"
                    + " SDK's own " + type.getName() + "; use chatModel, embeddingModel and endpoints for calls that go"
                    + " through the SDK");
        }
        return parts.unwrap(type);
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
        return chatModels.computeIfAbsent(key(name), k -> parts.chatModel(providerId -> resolveModel(name, providerId)));
    }

    /** An embedding model for a logical alias or a native model id; see {@link #chatModel(String)}. */
    public EmbeddingModel embeddingModel(String name) {
        checkOpen();
        return embeddingModels.computeIfAbsent(key(name),
                k -> parts.embeddingModel(providerId -> resolveModel(name, providerId)));
    }

    /** Managed endpoints on the configured provider: plan, deploy, invoke, delete. Deployments never fall back. */
    public Endpoints endpoints() {
        checkOpen();
        Endpoints e = endpoints;
        if (e == null) {
            synchronized (this) {
                if (endpoints == null) endpoints = parts.endpoints();
                e = endpoints;
            }
        }
        return e;
    }

    /**
     * Batch jobs on the configured provider's own batch engine (Bedrock batch inference, Vertex AI batch prediction,
     * Azure OpenAI Batch): many chat or embedding requests as one job, at the cloud's batch price. A request's model is
     * an alias ({@code cloudai.models.<alias>.<provider>}, its model on the configured provider) or a native model id;
     * batch jobs never fall back to another provider. {@code await} polls every {@code cloudai.batch.poll-interval}.
     *
     * <pre>{@code
     * BatchJob job = ai.batches().submit(BatchRequest.builder(BatchKind.CHAT, "default").items(items).build());
     * job = ai.batches().await(job.id(), Duration.ofHours(24), j -> log.info("{}: {}", j.status(), j.counts()));
     * }</pre>
     *
     * @throws UnsupportedOperationException when the provider has no batch engine
     */
    public Batches batches() {
        checkOpen();
        Batches b = batches;
        if (b == null) {
            synchronized (this) {
                if (batches == null) {
                    Duration interval = config.get(ConfigKeys.BATCH_POLL_INTERVAL).flatMap(Durations::parse)
                            .orElse(DEFAULT_BATCH_POLL_INTERVAL);
                    batches = parts.batches(this::batchModel, interval, this::prices);
                }
                b = batches;
            }
        }
        return b;
    }

    /**
     * The accelerator catalog: the home cache a {@code cloudai catalog refresh} wrote, when it is there and usable
     * ({@code cloudai.catalog.cache-dir}, default {@code ~/.cloudai/catalog}; see {@link CatalogCache}), else the
     * built-in snapshot; then the rows of {@code cloudai.catalog.file} replacing rows of the same cloud, platform,
     * region and instance type, and added otherwise. Read on first use; {@link AcceleratorCatalog#origin()} says
     * which it is and how old.
     */
    public AcceleratorCatalog accelerators() {
        AcceleratorCatalog c = catalog;
        if (c == null) {
            synchronized (this) {
                if (catalog == null) {
                    AcceleratorCatalog base = config.catalogCache().catalog();
                    catalog = config.catalogFile()
                            .map(file -> base.withOverrides(AcceleratorCatalog.fromCsv(file)))
                            .orElse(base);
                }
                c = catalog;
            }
        }
        return c;
    }

    /**
     * The model prices calls are priced by: the built-in table, with the rows of {@code cloudai.pricing.file}
     * replacing built-in rows of the same provider and model, and added otherwise. Read on first use.
     *
     * @throws IllegalArgumentException when the price file has a malformed or repeated row, naming the file, the
     *                                  line and the column, or both lines
     */
    public PriceTable prices() {
        PriceTable p = prices;
        if (p == null) {
            synchronized (this) {
                if (prices == null) {
                    prices = config.pricingFile()
                            .map(file -> PriceTable.builtIn().withOverrides(PriceTable.fromCsv(file)))
                            .orElseGet(PriceTable::builtIn);
                }
                p = prices;
            }
        }
        return p;
    }

    /**
     * Ends every call still open, then closes every provider's clients. A call open now (in flight, waiting for its
     * retry, or a stream not finished) ends at once with an {@link IllegalStateException} that says the client was
     * closed, reported once to listeners; nothing is scheduled after this returns. Idempotent.
     */
    @Override
    public void close() {
        parts.close();
    }

    @Override
    public String toString() {
        return "CloudAi[providers=" + parts.providerIds() + (parts.isClosed() ? ", closed" : "") + "]";
    }

    private static String key(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name: must not be blank; give a model alias from cloudai.models.* or a native model id");
        }
        return name.strip();
    }

    private String resolveModel(String name, String providerId) {
        var aliased = aliasOrNull(name, providerId);
        if (aliased != null) return aliased;
        if (parts.providerIds().size() > 1) {
            throw new ConfigurationException("'" + name + "' is not a model alias, and with " + ConfigKeys.FALLBACK
                    + " each provider needs its own model id; define it as cloudai.models." + CloudAiConfig.normalizeAlias(name)
                    + ".<provider> for each of " + String.join(", ", parts.providerIds()));
        }
        return name.strip();
    }

    /** The model a batch job runs on: the alias's model on the primary provider, or the native id as given. */
    private String batchModel(String name) {
        String n = key(name);
        String aliased = aliasOrNull(n, parts.primaryId());
        return aliased != null ? aliased : n;   // a native id: batch jobs never fall back, so one id is enough
    }

    /**
     * The alias's model on {@code providerId}, or null when {@code name} is no alias.
     *
     * @throws ConfigurationException when the alias is defined for other providers only
     */
    private String aliasOrNull(String name, String providerId) {
        var aliased = config.model(name, providerId);
        if (aliased.isPresent()) return aliased.get();
        Set<String> defined = config.providersFor(name);
        if (!defined.isEmpty()) {
            throw new ConfigurationException("model alias '" + name + "' has no model for provider '" + providerId
                    + "' (it is defined for " + String.join(", ", defined) + "); set "
                    + ConfigKeys.modelKey(CloudAiConfig.normalizeAlias(name), providerId));
        }
        return null;
    }

    private void checkOpen() {
        if (parts.isClosed()) {
            throw new IllegalStateException("This CloudAi (provider " + parts.primaryId() + ") is closed;"
                    + " create a new one with CloudAi.create(...) or CloudAi.fromConfig()");
        }
    }

    private static String describe(Set<String> ids) {
        return ids.isEmpty() ? "none: add dev.cloudai:sdk-aws, sdk-gcp or sdk-azure" : String.join(", ", ids);
    }
}
