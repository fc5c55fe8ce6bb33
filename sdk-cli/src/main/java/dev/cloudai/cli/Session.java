package dev.cloudai.cli;

import dev.cloudai.CloudAi;
import dev.cloudai.CloudAiConfig;
import dev.cloudai.accelerator.AcceleratorCatalog;
import dev.cloudai.config.ConfigKeys;
import dev.cloudai.testkit.CloudEmulator;
import dev.cloudai.testkit.SampleModels;
import dev.cloudai.aws.AwsKeys;

import java.io.PrintWriter;
import java.util.List;
import java.util.function.Supplier;

/**
 * What one command run talks to: a {@link CloudAi} and the accelerator catalog, on the embedded emulator or on the
 * real cloud. Both are made on first use, so a command that needs only the catalog starts no emulator and reads no
 * credentials. Closing it closes the {@code CloudAi} and an emulator it started.
 */
final class Session implements AutoCloseable {
    private final Supplier<CloudAiConfig> configSource;
    private final Supplier<CloudEmulator> emulatorSource;
    private final boolean ownsEmulator;
    private final String emulatedProvider;
    private final PrintWriter err;
    private CloudEmulator emulator;
    private CloudAiConfig config;
    private CloudAi ai;

    private Session(Supplier<CloudAiConfig> configSource, Supplier<CloudEmulator> emulatorSource, boolean ownsEmulator,
                    String emulatedProvider, PrintWriter err) {
        this.configSource = configSource;
        this.emulatorSource = emulatorSource;
        this.ownsEmulator = ownsEmulator;
        this.emulatedProvider = emulatedProvider;
        this.err = err;
    }

    /** The real cloud: system properties, environment and cloudai.properties, with {@code provider} overriding. */
    static Session live(String provider, PrintWriter err) {
        return new Session(() -> {
            CloudAiConfig loaded = CloudAiConfig.load();
            return provider == null ? loaded : loaded.toBuilder().provider(provider).build();
        }, null, false, null, err);
    }

    /**
     * The emulated {@code provider}, on the emulator {@code emulators} supplies; closed at the end when {@code owns}.
     * The user's configuration is still read and checked, and its call settings (retries, deadline, ...) apply.
     */
    static Session emulated(String provider, Supplier<CloudEmulator> emulators, boolean owns, PrintWriter err) {
        return new Session(null, emulators, owns, provider, err);
    }

    boolean emulated() {
        return emulatedProvider != null;
    }

    /** The configuration calls go out with. */
    CloudAiConfig config() {
        if (config == null) {
            if (emulated()) {
                // The user's configuration is checked as with --live (a misspelt key fails with a "did you mean"),
                // before an emulator starts; its call settings apply, the emulator's keys decide where calls go.
                CloudAiConfig application = CloudAiConfig.load();
                emulator = emulatorSource.get();
                String p = emulatedProvider;
                CloudAiConfig.Builder b = SampleModels.aliases(emulator.config(p), p)
                        .property(AwsKeys.EXECUTION_ROLE, "arn:aws:iam::123456789012:role/cloudai-cli-emulator")
                        .property(ConfigKeys.DEPLOY_POLL_INTERVAL, "50ms")
                        .property(ConfigKeys.BATCH_POLL_INTERVAL, "50ms")
                        .property(ConfigKeys.RETRY_INITIAL_BACKOFF, "50ms");
                CloudEmulator.callSettings(application).forEach(b::property);
                // The catalog cache is local data, not a cloud: plans on the emulator read the same one as the tool.
                for (String key : List.of(ConfigKeys.CATALOG_CACHE_DIR, ConfigKeys.CATALOG_REFRESH_INTERVAL)) {
                    application.get(key).ifPresent(v -> b.property(key, v));
                }
                config = b.build();
                err.println("[cloudai] Running against the embedded CloudEmulator (" + p + "): no cloud account or network"
                        + " is used" + (ownsEmulator ? ", and endpoints live only for this run" : "")
                        + ". Pass --live for the real cloud.");
                err.flush();
            } else {
                config = configSource.get();
            }
        }
        return config;
    }

    /** The client every call of the command goes through. */
    CloudAi ai() {
        if (ai == null) ai = CloudAi.create(config());
        return ai;
    }

    /**
     * The catalog {@link CloudAi#accelerators()} would use, without needing a provider: the cache a
     * {@code cloudai catalog refresh --live} wrote when it is usable, else the built-in snapshot; with {@code --live},
     * {@code cloudai.catalog.file} replaces or extends it. The cache is local data, not a cloud, so the emulator reads
     * it too.
     */
    AcceleratorCatalog catalog() {
        if (emulated()) {
            // Loaded so a misspelt key is reported on every path, as with --live; only the cache's place is used.
            return CloudAiConfig.load().catalogCache().catalog();
        }
        AcceleratorCatalog base = config().catalogCache().catalog();
        return config().catalogFile().map(file -> base.withOverrides(AcceleratorCatalog.fromCsv(file))).orElse(base);
    }

    @Override
    public void close() {
        try {
            if (ai != null) ai.close();
        } finally {
            if (ownsEmulator && emulator != null) emulator.close();
        }
    }
}
