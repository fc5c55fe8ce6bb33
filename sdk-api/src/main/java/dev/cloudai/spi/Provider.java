package dev.cloudai.spi;

import dev.cloudai.invocation.ChatModel;
import dev.cloudai.invocation.EmbeddingModel;

import java.util.Locale;

/**
 * One cloud's implementation of the neutral API, made by its {@link ProviderFactory}.
 *
 * <p>What a provider returns is <em>raw</em>: its models and endpoints call the cloud once per call and throw
 * the cloud SDK's own exceptions. {@code CloudAi} wraps them in the shared call pipeline, which maps every
 * failure through {@link #errorMapper()} and owns retries; an adapter therefore neither retries nor maps errors
 * itself (and switches its SDK's retries off).
 *
 * <pre>{@code
 * BedrockRuntimeClient bedrock = ai.unwrap(BedrockRuntimeClient.class);   // CloudAi.unwrap asks the provider
 * }</pre>
 */
public interface Provider extends AutoCloseable {

    /** The same id as the factory's. */
    String id();

    /** The one error mapper of this adapter. */
    ErrorMapper errorMapper();

    /** A chat model for a native model id or deployment name. */
    default ChatModel chatModel(String modelId) {
        throw unsupported("chat");
    }

    /** An embedding model for a native model id or deployment name. */
    default EmbeddingModel embeddingModel(String modelId) {
        throw unsupported("embeddings");
    }

    /**
     * Managed endpoints: deploy a plan, look up, invoke, delete. {@code CloudAi.endpoints()} plans with the catalog
     * and {@link EndpointPlatform#facts()} and puts the rest behind the call pipeline.
     */
    default EndpointPlatform endpointPlatform() {
        throw unsupported("endpoint deployment");
    }

    /**
     * Batch jobs on the cloud's own batch engine. {@code CloudAi.batches()} stages the input, checks the limits and
     * puts each call behind the call pipeline.
     */
    default BatchPlatform batchPlatform() {
        throw unsupported("batch inference");
    }

    /**
     * The escape hatch to the native cloud client, for what the neutral API does not cover. Calls made on it
     * bypass the SDK's pipeline: no retries, no error mapping.
     *
     * @throws IllegalArgumentException when this provider has no client of that type; the message lists what it has
     */
    default <T> T unwrap(Class<T> type) {
        throw new IllegalArgumentException("type: provider '" + id() + "' has no native client of type "
                + type.getName());
    }

    /** Releases the provider's clients, connections and threads. */
    @Override
    void close();

    /** The exception a provider throws for a capability its cloud lacks. */
    default UnsupportedOperationException unsupported(String capability) {
        return new UnsupportedOperationException("Provider '" + id() + "' does not offer " + capability
                + "; configure a provider that does (cloudai.provider); the README's Modules section says what each offers"
                + " (" + capability.toLowerCase(Locale.ROOT) + ")");
    }
}
