package dev.cloudai.aws;

import dev.cloudai.aws.pricing.AwsPriceSource;
import dev.cloudai.spi.PriceSource;
import dev.cloudai.spi.Provider;
import dev.cloudai.spi.ProviderConfig;
import dev.cloudai.spi.ProviderFactory;

import java.net.URI;
import java.util.Optional;

/**
 * The AWS adapter's entry point, found by {@code CloudAi} through {@link java.util.ServiceLoader}: provider id
 * {@code aws}. Chat and embeddings run on Amazon Bedrock (Converse, ConverseStream, InvokeModel); endpoints are
 * deployed on SageMaker and invoked through SageMaker Runtime; batch jobs run on Bedrock batch inference, their
 * files in S3. Users never call it directly:
 *
 * <pre>{@code
 * // cloudai.properties: cloudai.provider=aws, cloudai.aws.region=us-east-1
 * try (CloudAi ai = CloudAi.fromConfig()) {
 *     ai.chatModel("anthropic.claude-3-haiku-20240307-v1:0").chat(ChatRequest.ofUser("Hello"));
 * }
 * }</pre>
 *
 * <p>Keys: {@code cloudai.aws.region} (default: the SDK's local region chain), {@code cloudai.aws.profile},
 * {@code cloudai.aws.endpoint} (one override for every AWS service used, for an emulator),
 * {@code cloudai.aws.execution-role} (the IAM role SageMaker endpoints run as, unless the spec names one),
 * {@code cloudai.aws.batch-bucket} and {@code cloudai.aws.batch-role} (batch inference's S3 location and the role
 * Bedrock assumes there, checked for their form at start-up), and the
 * shared {@code cloudai.http.max-connections} (connections of the blocking and of the async HTTP client).
 */
public final class AwsProviderFactory implements ProviderFactory {

    @Override
    public String id() {
        return AwsProvider.ID;
    }

    @Override
    public java.util.List<dev.cloudai.config.ConfigKeys.Key> keys() {
        return AwsKeys.all();
    }

    @Override
    public java.util.Optional<String> regionKey() {
        return java.util.Optional.of(AwsKeys.REGION);
    }

    /**
     * The AWS price source ({@link AwsPriceSource}): the Price List, SageMaker Savings Plans and EC2 spot prices, with
     * the provider's credentials ({@code cloudai.aws.profile}, else the default chain; against
     * {@code cloudai.aws.endpoint}, the emulator's test credentials when none are found) and endpoint override.
     * Needs neither a region ({@code cloudai.aws.region} only picks the nearest Price List endpoint) nor the execution
     * role. Builds no client and makes no network call.
     */
    @Override
    public Optional<PriceSource> priceSource(ProviderConfig config) {
        Optional<URI> endpoint = config.uri(AwsKeys.ENDPOINT);
        return Optional.of(AwsPriceSource.builder()
                .credentials(AwsClients.credentials(config.get(AwsKeys.PROFILE), endpoint.isPresent()))
                .endpointOverride(endpoint.orElse(null))
                .homeRegion(config.get(AwsKeys.REGION).orElse(null))
                .timeout(config.timeout())
                .build());
    }

    /** Configures the AWS clients without building any: each is built on its first use. Makes no network call. */
    @Override
    public Provider create(ProviderConfig config) {
        return new AwsProvider(config);
    }
}
