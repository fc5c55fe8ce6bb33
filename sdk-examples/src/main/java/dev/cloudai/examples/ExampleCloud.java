package dev.cloudai.examples;

import dev.cloudai.CloudAi;
import dev.cloudai.CloudAiConfig;
import dev.cloudai.config.ConfigKeys;
import dev.cloudai.config.ConfigurationException;
import dev.cloudai.errors.CloudAiException;
import dev.cloudai.resilience.CallListener;
import dev.cloudai.testkit.CloudEmulator;
import dev.cloudai.testkit.SampleModels;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.aws.AwsCloud;
import dev.cloudai.testkit.azure.AzureCloud;
import dev.cloudai.testkit.gcp.GcpCloud;
import dev.cloudai.aws.AwsKeys;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the example programs run: the embedded {@link CloudEmulator} by default (no account, no network), or the
 * real cloud with {@code --live}, configured like any application (cloudai.properties, {@code CLOUDAI_*}
 * environment variables, {@code -Dcloudai.*} system properties) with credentials from each cloud's standard chain.
 * It is the only part of the examples you would not copy: in your application, write {@code CloudAi.fromConfig()}.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     System.exit(ExampleCloud.run(args, QuickChat::run));      // --live, --provider gcp, --image ...
 * }
 * static void run(ExampleCloud cloud, PrintStream out) {
 *     try (CloudAi ai = cloud.connect()) { ... }                 // live: CloudAi.fromConfig()
 * }
 * }</pre>
 */
public final class ExampleCloud implements AutoCloseable {
    /** The providers the emulator runs, in the order the examples visit them. */
    public static final List<String> PROVIDERS = List.of("aws", "gcp", "azure");

    /** One example's code: given where to run, print what it does to {@code out}. */
    @FunctionalInterface
    public interface Example {
        void run(ExampleCloud cloud, PrintStream out);
    }

    private final CloudEmulator emulator;       // null when live
    private final boolean ownsEmulator;
    private final String provider;              // --provider, or null for the configured one
    private final Map<String, String> options;

    private ExampleCloud(CloudEmulator emulator, boolean ownsEmulator, String provider, Map<String, String> options) {
        this.emulator = emulator;
        this.ownsEmulator = ownsEmulator;
        this.provider = provider;
        this.options = Map.copyOf(options);
    }

    /**
     * Reads {@code --live}, {@code --provider ID} and any {@code --name value} options; without {@code --live},
     * starts the embedded emulator of all three clouds.
     */
    public static ExampleCloud fromArgs(String[] args) {
        boolean live = false;
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--live")) {
                live = true;
            } else if (args[i].equals("--emulator")) {
                live = false;                                   // the default, accepted for symmetry with the CLI
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                options.put(args[i], args[++i]);
            } else {
                throw new IllegalArgumentException("args: '" + args[i] + "' is not understood; use --live, --emulator,"
                        + " --provider ID or --name value");
            }
        }
        String provider = options.remove("--provider");
        if (live) return new ExampleCloud(null, false, provider, options);
        return new ExampleCloud(CloudEmulator.start(new AwsCloud(), new GcpCloud(), new AzureCloud()), true,
                provider, options);
    }

    /** Runs against {@code emulator}, which the caller started with all three clouds and stops; for tests. */
    public static ExampleCloud emulated(CloudEmulator emulator, String provider) {
        return new ExampleCloud(emulator, false, provider, Map.of());
    }

    /** Whether this runs against the real cloud. */
    public boolean live() {
        return emulator == null;
    }

    /**
     * The configuration of {@code provider}: live, the application's own ({@link CloudAiConfig#load()}) switched to
     * that provider. On the emulator, the application's own configuration is loaded and checked just the same (a
     * misspelt key fails here too, with a "did you mean"), and its call settings apply
     * ({@link CloudEmulator#callSettings}); every cloud's emulator keys, the aliases {@code default} and {@code embed}
     * on each provider decide where calls go; waits are short so the examples run fast, unless the application set
     * its own.
     */
    public CloudAiConfig config(String provider) {
        CloudAiConfig application = CloudAiConfig.load();
        if (live()) return provider == null ? application : application.toBuilder().provider(provider).build();
        String p = provider == null ? "aws" : provider;
        CloudAiConfig.Builder b = emulator.config(p)
                .property(AwsKeys.EXECUTION_ROLE, "arn:aws:iam::123456789012:role/example-sagemaker")
                .property(ConfigKeys.DEPLOY_POLL_INTERVAL, "100ms")
                .property(ConfigKeys.BATCH_POLL_INTERVAL, "100ms")
                .property(ConfigKeys.RETRY_INITIAL_BACKOFF, "50ms");
        CloudEmulator.callSettings(application).forEach(b::property);
        for (String other : emulator.ids()) {
            emulator.keys(other).forEach(b::property);
            SampleModels.aliases(b, other);
        }
        return b.build();
    }

    /** The configuration of the chosen provider: {@code --provider}, else {@code cloudai.provider} (aws on the emulator). */
    public CloudAiConfig config() {
        return config(provider);
    }

    /** A {@code CloudAi} for the chosen provider; live, this is {@code CloudAi.fromConfig()}. */
    public CloudAi connect(CallListener... listeners) {
        return CloudAi.create(config(), listeners);
    }

    /** A {@code CloudAi} for {@code provider}: the same configuration, switched to another cloud. */
    public CloudAi connect(String provider) {
        return CloudAi.create(config(provider));
    }

    /** The emulator of cloud {@code id}, to inject faults; empty when live. */
    public Optional<EmulatedCloud> emulator(String id) {
        return live() ? Optional.empty() : Optional.of(emulator.cloud(id));
    }

    /** The value of {@code --name value} on the command line, else {@code fallback}. */
    public String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    /** The value of {@code --name value} on the command line, when given. */
    public Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    @Override
    public void close() {
        if (ownsEmulator) emulator.close();
    }

    /** {@link #run(String[], PrintStream, Example)} printing to standard output. */
    public static int run(String[] args, Example example) {
        // gRPC logs through java.util.logging; the examples print their own output, so libraries show warnings only.
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        return run(args, System.out, example);
    }

    /**
     * Runs {@code example} where {@code args} say, and returns the exit status: 0, or 1 after printing what went
     * wrong in one readable paragraph (the SDK's messages say what failed, where and what to do; no stack trace).
     */
    public static int run(String[] args, PrintStream out, Example example) {
        try (ExampleCloud cloud = fromArgs(args)) {
            out.println(cloud.live()
                    ? "Running against the real cloud (--live), configured by cloudai.properties, CLOUDAI_* or -Dcloudai.*."
                    : "Running against the embedded CloudEmulator: no cloud account or network is used. Add --live for the real cloud.");
            example.run(cloud, out);
            return 0;
        } catch (ConfigurationException e) {
            out.println("Configuration problem:");
            e.problems().forEach(p -> out.println("  - " + p));
            return 1;
        } catch (CloudAiException e) {
            out.println("The cloud said no: " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException e) {
            out.println("Cannot run: " + e.getMessage());
            return 1;
        }
    }
}
