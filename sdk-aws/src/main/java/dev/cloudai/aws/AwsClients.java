package dev.cloudai.aws;

import dev.cloudai.config.ConfigurationException;
import dev.cloudai.spi.LazyClients;
import dev.cloudai.spi.ProviderConfig;
import dev.cloudai.aws.errors.AwsCredentialsUnavailableException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.profiles.ProfileFileSystemSetting;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.utils.SdkAutoCloseable;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The AWS SDK clients of one provider, configured from {@code cloudai.aws.*}, {@code cloudai.timeout} and
 * {@code cloudai.http.max-connections}, each built on its first use and once ({@link LazyClients}): Bedrock Runtime
 * (blocking and async), SageMaker and SageMaker Runtime (blocking and async), Bedrock's control plane and S3 (batch
 * inference), the blocking (Apache) and the async
 * (Netty) HTTP client they share, and the async client's event loop. Creating this builds nothing and does no I/O:
 * an application that only chats blocking builds the Apache client and the Bedrock client, nothing else; async chat
 * and streams add the event loop, the Netty client and the Bedrock async client; SageMaker's clients come with the
 * first endpoint call, Bedrock's control plane and S3 with the first batch call. All have the SDK's retries switched off (the SDK's call pipeline owns retries) and, when
 * {@code cloudai.aws.endpoint} is set, send every service to that one URL (an emulator).
 *
 * <pre>{@code
 * try (AwsClients clients = AwsClients.create(config)) { clients.bedrock().converse(...); }   // builds what converse needs
 * }</pre>
 *
 * <p>Credentials: the AWS default chain; or, when {@code cloudai.aws.profile} is set, that profile alone. With an
 * endpoint override and no profile the chain is the local one (system properties, environment, default profile)
 * ending in harmless static test credentials, so an emulator works on a machine with no AWS credentials, and no
 * instance-metadata lookup is made. A chain that finds nothing fails the first call with an
 * {@link AwsCredentialsUnavailableException} that names where it looked.
 * Region: {@code cloudai.aws.region}, else the SDK's local region chain ({@code aws.region}, {@code AWS_REGION},
 * the profile's region); the metadata service is not asked, because creating a provider must not do network I/O.
 */
final class AwsClients implements AutoCloseable {
    /** Long generations stream slowly; a read timeout below a few minutes would cut real answers. */
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Netty's default quiet period; see where the event loop is made. */
    private static final Duration EVENT_LOOP_QUIET_PERIOD = Duration.ofSeconds(2);
    /** Used only against an endpoint override when no credentials are configured; valid for nothing on AWS. */
    private static final AwsBasicCredentials TEST_CREDENTIALS = AwsBasicCredentials.create("AKIDCLOUDAITEST", "cloudai-emulator-secret");
    /** The Netty client's own default for calls waiting for a connection; kept as the least. */
    private static final int MIN_PENDING_ACQUIRES = 10_000;
    /** Calls that may wait for a connection, per connection, when that is more than {@link #MIN_PENDING_ACQUIRES}. */
    private static final int PENDING_ACQUIRES_PER_CONNECTION = 10;

    private final Region region;
    private final Optional<URI> endpointOverride;
    private final Duration timeout;
    private final int maxConnections;
    private final LazyClients clients = new LazyClients(AwsProvider.ID);
    private final Supplier<AwsCredentialsProvider> credentials;
    private final Supplier<SdkHttpClient> http;
    private final Supplier<SdkEventLoopGroup> eventLoop;
    private final Supplier<SdkAsyncHttpClient> asyncHttp;
    private final Supplier<BedrockRuntimeClient> bedrock;
    private final Supplier<BedrockRuntimeAsyncClient> bedrockAsync;
    private final Supplier<SageMakerClient> sageMaker;
    private final Supplier<SageMakerRuntimeClient> sageMakerRuntime;
    private final Supplier<SageMakerRuntimeAsyncClient> sageMakerRuntimeAsync;
    private final Supplier<BedrockClient> bedrockControl;
    private final Supplier<S3Client> s3;
    /** Each native client's type, for {@link #client(Class)}; in the order {@code unwrap}'s message lists them. */
    private final Map<Class<?>, Supplier<?>> byType = new LinkedHashMap<>();

    private AwsClients(ProviderConfig config) {
        Optional<String> profile = config.get(AwsKeys.PROFILE);
        this.endpointOverride = config.uri(AwsKeys.ENDPOINT);
        this.region = region(config, profile, System::getProperty, System::getenv, ProfileFile::defaultProfileFile);
        this.timeout = config.timeout();
        this.maxConnections = config.maxConnections();
        this.credentials = clients.add("credentials", () -> credentials(profile, endpointOverride.isPresent()),
                c -> { if (c instanceof SdkAutoCloseable closeable) closeable.close(); });
        // Blocking calls wait for a connection at most as long as their deadline, not the SDK's 10 s: a burst
        // beyond the pool is served in turn rather than failed.
        this.http = clients.add("http", () -> ApacheHttpClient.builder().maxConnections(maxConnections)
                .connectionAcquisitionTimeout(timeout).connectionTimeout(CONNECT_TIMEOUT).socketTimeout(READ_TIMEOUT).build());
        // Our own event loop: the SDK's own one is shut down with Netty's 2 s quiet period, and its close()
        // waits for that, so every CloudAi.close() would take 2 s. Ours gets the same quiet period without
        // anyone waiting: close() returns at once and the (daemon) loop threads end about 2 s later. The quiet
        // period is needed: a stream that has just ended still releases its connection to the pool, and the
        // pool's promises live on another loop of the group; a loop that stopped at once (quiet period 0, or
        // even 100 ms on a busy machine) made Netty log "RejectedExecutionException: event executor terminated"
        // with a 30-line stack trace after a program's last stream (see AwsClosingTest).
        this.eventLoop = clients.add("event-loop", () -> SdkEventLoopGroup.builder().build(),
                loop -> loop.eventLoopGroup().shutdownGracefully(EVENT_LOOP_QUIET_PERIOD.toMillis(),
                        EVENT_LOOP_QUIET_PERIOD.toMillis() * 2, TimeUnit.MILLISECONDS));
        // HTTP/1.1, not the HTTP/2 Bedrock's async client would otherwise speak (h2c over plain http). HTTP/2 was
        // tried, and works against the emulator (Jetty speaks h2c), but showed no gain there: 300 concurrent Converse
        // calls, each answered 2 s late, were all in flight with either protocol and took 2.2-2.3 s with HTTP/1.1 and
        // 2.2-2.7 s with HTTP/2 (warm pools; one JVM, alternating runs). What HTTP/2 could save against Bedrock
        // itself is a TLS handshake per new connection, which a loopback emulator cannot show, and no Bedrock
        // account was available to measure it; meanwhile HTTP/1.1 keeps proxies and recording tools simple, and
        // none of the operations used here needs HTTP/2.
        // maxConcurrency is the requests in flight (one per connection in HTTP/1.1); the calls beyond it wait, as long
        // as their deadline allows, in a queue of at least the SDK's default length.
        this.asyncHttp = clients.add("async-http", () -> NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP1_1)
                .eventLoopGroup(eventLoop.get())
                .maxConcurrency(maxConnections)
                .maxPendingConnectionAcquires(Math.max(MIN_PENDING_ACQUIRES, PENDING_ACQUIRES_PER_CONNECTION * maxConnections))
                .connectionAcquisitionTimeout(timeout)
                .connectionTimeout(CONNECT_TIMEOUT).readTimeout(READ_TIMEOUT).build());
        // Blocking clients get cloudai.timeout as their API call timeout: a blocking call cannot be cancelled from
        // outside. Async clients get none: the pipeline cancels them at the deadline, and a ConverseStream
        // must not be cut after its first chunk however long the answer.
        this.bedrock = serviceClient(BedrockRuntimeClient.class, "bedrock",
                () -> configure(BedrockRuntimeClient.builder(), timeout).httpClient(http.get()).build());
        this.bedrockAsync = serviceClient(BedrockRuntimeAsyncClient.class, "bedrock-async",
                () -> configure(BedrockRuntimeAsyncClient.builder(), null).httpClient(asyncHttp.get()).build());
        this.sageMaker = serviceClient(SageMakerClient.class, "sagemaker",
                () -> configure(SageMakerClient.builder(), timeout).httpClient(http.get()).build());
        this.sageMakerRuntime = serviceClient(SageMakerRuntimeClient.class, "sagemaker-runtime",
                () -> configure(SageMakerRuntimeClient.builder(), timeout).httpClient(http.get()).build());
        this.sageMakerRuntimeAsync = serviceClient(SageMakerRuntimeAsyncClient.class, "sagemaker-runtime-async",
                () -> configure(SageMakerRuntimeAsyncClient.builder(), null).httpClient(asyncHttp.get()).build());
        this.bedrockControl = serviceClient(BedrockClient.class, "bedrock-control",
                () -> configure(BedrockClient.builder(), timeout).httpClient(http.get()).build());
        // S3 addresses buckets as host names (virtual-hosted style) unless told otherwise; an endpoint override is one
        // host for every bucket (an emulator), so there the bucket goes in the path. No API call timeout: a batch's
        // input file is up to 1 GB, and its upload must not be cut at cloudai.timeout (120 s by default, sized for one
        // model call); the socket's read timeout still ends a transfer that stalls.
        this.s3 = serviceClient(S3Client.class, "s3", () -> configure(S3Client.builder(), null)
                .forcePathStyle(endpointOverride.isPresent()).httpClient(http.get()).build());
    }

    static AwsClients create(ProviderConfig config) {
        return new AwsClients(config);
    }

    /** A service client, built on first use and listed for {@link #client(Class)}. */
    private <T extends SdkAutoCloseable> Supplier<T> serviceClient(Class<T> type, String name, Supplier<T> factory) {
        Supplier<T> lazy = clients.add(name, factory, SdkAutoCloseable::close);
        byType.put(type, lazy);
        return lazy;
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder, Duration apiCallTimeout) {
        // the SDK's retries off: the SDK's call pipeline retries, so one logical call makes at most
        // cloudai.retry.max-attempts requests
        ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.doNotRetry());
        if (apiCallTimeout != null) override.apiCallTimeout(apiCallTimeout);
        builder.region(region).credentialsProvider(credentials.get()).overrideConfiguration(override.build());
        endpointOverride.ifPresent(builder::endpointOverride);
        return builder;
    }

    /**
     * The region: {@code cloudai.aws.region}, else the SDK's local chain (system property {@code aws.region}, environment
     * variable {@code AWS_REGION}, the profile's region). Never the EC2 instance metadata: creating a provider does no
     * network I/O. The lookups are parameters so that tests can run on machines whose environment sets a region.
     */
    static Region region(ProviderConfig config, Optional<String> profile, java.util.function.UnaryOperator<String> systemProperties,
                         java.util.function.UnaryOperator<String> environment, java.util.function.Supplier<ProfileFile> profiles) {
        Optional<String> configured = config.get(AwsKeys.REGION);
        if (configured.isPresent()) return Region.of(configured.get().strip());
        for (String local : new String[]{systemProperties.apply("aws.region"), environment.apply("AWS_REGION")}) {
            if (local != null && !local.isBlank()) return Region.of(local.strip());
        }
        AwsProfileRegionProvider fromProfile = profile.map(p -> new AwsProfileRegionProvider(profiles, p))
                .orElseGet(() -> new AwsProfileRegionProvider(profiles, ProfileFileSystemSetting.AWS_PROFILE.getStringValueOrThrow()));
        try {
            return fromProfile.getRegion();
        } catch (SdkClientException none) {
            throw new ConfigurationException(AwsKeys.REGION + " is not set and the AWS region chain found no region"
                    + " (system property aws.region, environment variable AWS_REGION, the region of the AWS profile"
                    + profile.map(p -> " '" + p + "'").orElse("") + "); set " + AwsKeys.REGION
                    + "=us-east-1 (or your region) in cloudai.properties, or CLOUDAI_AWS_REGION");
        }
    }

    /**
     * The credential chain, wrapped so that a chain that finds nothing fails with {@link AwsCredentialsUnavailableException}
     * naming where it looked. A configured {@code cloudai.aws.profile} is the only source: like the AWS CLI's
     * {@code --profile} and boto3's {@code profile_name}, an explicitly named profile wins over environment keys, and a
     * profile that does not exist fails instead of falling back to other credentials (against an endpoint override,
     * to the static test credentials) that the caller did not ask for.
     */
    static AwsCredentialsProvider credentials(Optional<String> profile, boolean endpointOverride) {
        if (profile.isPresent()) {
            return explained(ProfileCredentialsProvider.create(profile.get()),
                    "the AWS profile '" + profile.get() + "' named by " + AwsKeys.PROFILE
                            + " (its shared config and credentials files, including SSO and role settings)");
        }
        if (!endpointOverride) {
            return explained(DefaultCredentialsProvider.builder().build(), "the AWS default credential chain"
                    + " (system properties aws.accessKeyId and aws.secretAccessKey, environment variables AWS_ACCESS_KEY_ID"
                    + " and AWS_SECRET_ACCESS_KEY, a web identity token, the shared config and credentials files with"
                    + " profile '" + ProfileFileSystemSetting.AWS_PROFILE.getStringValueOrThrow() + "', container and"
                    + " instance roles)");
        }
        // ends in the static test credentials, so it never fails
        return AwsCredentialsProviderChain.builder().reuseLastProviderEnabled(true).credentialsProviders(
                SystemPropertyCredentialsProvider.create(),
                EnvironmentVariableCredentialsProvider.create(),
                ProfileCredentialsProvider.create(),
                StaticCredentialsProvider.create(TEST_CREDENTIALS)).build();
    }

    /** {@code chain}, failing with an {@link AwsCredentialsUnavailableException} that names {@code description}. */
    static AwsCredentialsProvider explained(AwsCredentialsProvider chain, String description) {
        return new ExplainedCredentials(chain, description);
    }

    /**
     * A credentials provider whose failure to find credentials says where it looked. The AWS SDK reports that as a
     * plain {@code SdkClientException}, as it does a refused connection; only here, where credentials are resolved,
     * is it certain which of the two happened.
     */
    private static final class ExplainedCredentials implements AwsCredentialsProvider, SdkAutoCloseable {
        private final AwsCredentialsProvider chain;
        private final String description;

        ExplainedCredentials(AwsCredentialsProvider chain, String description) {
            this.chain = chain;
            this.description = description;
        }

        @Override
        public AwsCredentials resolveCredentials() {
            try {
                return chain.resolveCredentials();
            } catch (SdkClientException e) {
                throw new AwsCredentialsUnavailableException(description, e);
            }
        }

        @Override
        public void close() {
            if (chain instanceof SdkAutoCloseable c) c.close();
        }

        @Override
        public String toString() {
            return "ExplainedCredentials[" + chain + "]";
        }
    }

    Region region() {
        return region;
    }

    Optional<URI> endpointOverride() {
        return endpointOverride;
    }

    Supplier<BedrockRuntimeClient> bedrock() {
        return bedrock;
    }

    Supplier<BedrockRuntimeAsyncClient> bedrockAsync() {
        return bedrockAsync;
    }

    Supplier<SageMakerClient> sageMaker() {
        return sageMaker;
    }

    Supplier<SageMakerRuntimeClient> sageMakerRuntime() {
        return sageMakerRuntime;
    }

    Supplier<SageMakerRuntimeAsyncClient> sageMakerRuntimeAsync() {
        return sageMakerRuntimeAsync;
    }

    Supplier<BedrockClient> bedrockControl() {
        return bedrockControl;
    }

    Supplier<S3Client> s3() {
        return s3;
    }

    /**
     * The first native client that is a {@code type} ({@code BedrockRuntimeClient}, {@code BedrockRuntimeAsyncClient},
     * {@code SageMakerClient}, {@code SageMakerRuntimeClient}, {@code SageMakerRuntimeAsyncClient}, {@code BedrockClient},
     * {@code S3Client}, in that order),
     * built now if it was not yet; empty when none is.
     */
    <T> Optional<T> client(Class<T> type) {
        for (Map.Entry<Class<?>, Supplier<?>> e : byType.entrySet()) {
            if (type.isAssignableFrom(e.getKey())) return Optional.of(type.cast(e.getValue().get()));
        }
        return Optional.empty();
    }

    /** The simple names of the native client types, for messages. */
    List<String> clientTypes() {
        return byType.keySet().stream().map(Class::getSimpleName).toList();
    }

    /** What has been built so far, in order: {@code credentials}, {@code http}, {@code bedrock}...; for tests. */
    List<String> built() {
        return clients.built();
    }

    /** Closes what was built, newest first: service clients before the HTTP clients, credentials and event loop they use. */
    @Override
    public void close() {
        clients.close();
    }
}
