package dev.cloudai.spi;

/**
 * Creates a {@link Provider}. Each adapter registers exactly one in
 * {@code META-INF/services/dev.cloudai.spi.ProviderFactory}; {@code CloudAi} finds it with
 * {@link java.util.ServiceLoader}.
 *
 * <pre>{@code
 * public final class AwsProviderFactory implements ProviderFactory {
 *     public String id() { return "aws"; }
 *     public Provider create(ProviderConfig config) { return new AwsProvider(config); }
 * }
 * }</pre>
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
}
