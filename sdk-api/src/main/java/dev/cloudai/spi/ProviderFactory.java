package dev.cloudai.spi;

import dev.cloudai.config.ConfigKeys;

import java.util.List;
import java.util.Optional;

/**
 * Creates a {@link Provider}. Each adapter registers exactly one in
 * {@code META-INF/services/dev.cloudai.spi.ProviderFactory}; {@code CloudAi} finds it with
 * {@link java.util.ServiceLoader}.
 *
 * <pre>{@code
 * public final class AwsProviderFactory implements ProviderFactory {
 *     public String id() { return "aws"; }
 *     public Provider create(ProviderConfig config) { return new AwsProvider(config); }
 *     public List<ConfigKeys.Key> keys() { return List.of(new ConfigKeys.Key(
 *             "cloudai.aws.region", ConfigKeys.Type.TEXT, false, "The AWS region, for example us-east-1.")
 *             .required(ConfigKeys.Capability.CHAT)); }
 *     public Optional<String> regionKey() { return Optional.of("cloudai.aws.region"); }
 * }
 * }</pre>
 *
 * <p>An adapter owns its keys: {@link dev.cloudai.CloudAiConfig} checks every {@code cloudai.<id>.*} key against the
 * {@link #keys()} the factory of that id declares (type, range, "did you mean" for a typo) before any provider is
 * created, and the factory reads them from its {@link ProviderConfig}.
 */
public interface ProviderFactory {

    /** The provider id users name in {@code cloudai.provider}: lower case letters and digits, for example {@code aws}. */
    String id();

    /**
     * Creates the provider. Does no network I/O: clients are built, not connected, so a misconfigured provider
     * fails here and an unreachable one fails on its first call.
     *
     * @throws dev.cloudai.config.ConfigurationException when a key the provider needs is missing or bad
     */
    Provider create(ProviderConfig config);

    /**
     * The provider's own configuration keys, each named {@code cloudai.<id>.<name>}, in documentation order. A key
     * under {@code cloudai.<id>.} that is not declared here is refused at start-up as a typo; a declared key's
     * value is checked against its type and range. Mark with {@link ConfigKeys.Key#required} the keys a capability
     * cannot work without, so that {@link ProviderConfig#require(String)} says what needs a missing one and the
     * README's table shows it. Default: none, so a provider with keys must declare them.
     */
    default List<ConfigKeys.Key> keys() {
        return List.of();
    }

    /**
     * The declared key {@code CloudAiConfig.builder().region(...)} sets for this provider (the AWS region, the
     * Vertex AI location...); empty when the provider has no region.
     */
    default Optional<String> regionKey() {
        return Optional.empty();
    }

    /**
     * The cloud's price API, for a catalog refresh, made from the same validated keys as {@link #create}: an endpoint
     * override points it at an emulator. Unlike {@code create}, it must not require keys only calls need (a Vertex AI
     * project, an Azure OpenAI endpoint). Does no network I/O. Default: none, so the refresh skips this adapter.
     */
    default Optional<PriceSource> priceSource(ProviderConfig config) {
        return Optional.empty();
    }
}
