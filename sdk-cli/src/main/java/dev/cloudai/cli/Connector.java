package dev.cloudai.cli;

import dev.cloudai.CloudAi;
import dev.cloudai.spi.PriceSource;
import dev.cloudai.CloudAiConfig;
import dev.cloudai.testkit.CloudEmulator;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.aws.AwsCloud;
import dev.cloudai.testkit.azure.AzureCloud;
import dev.cloudai.testkit.gcp.GcpCloud;
import picocli.CommandLine;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Opens the {@link Session} of a command run. By default, emulator runs start their own embedded
 * {@link CloudEmulator} with the one cloud asked for; {@link #sharing(CloudEmulator)} makes every run use one
 * running emulator instead, so a test can deploy in one command and invoke in the next;
 * {@link #withPriceSources(Supplier)} gives {@code cloudai catalog refresh} price sources of its own instead of the
 * adapters'.
 */
public final class Connector {
    private final CloudEmulator shared;
    private final Supplier<List<PriceSource>> priceSources;

    private Connector(CloudEmulator shared, Supplier<List<PriceSource>> priceSources) {
        this.shared = shared;
        this.priceSources = priceSources;
    }

    /** Each emulator run starts an embedded emulator and stops it when the command ends. */
    public static Connector embedded() {
        return new Connector(null, null);
    }

    /** Every emulator run uses {@code emulator}, which the caller starts and stops. */
    public static Connector sharing(CloudEmulator emulator) {
        if (emulator == null) throw new NullPointerException("emulator");
        return new Connector(emulator, null);
    }

    /**
     * This connector, with {@code cloudai catalog refresh} asking the sources {@code sources} supplies (fresh ones
     * each run, closed when it ends) instead of the adapters' price sources, on the emulator and with {@code --live}
     * alike: a price sheet of your own, or a test's canned prices.
     *
     * <pre>{@code
     * CloudAiCli.commandLine(Connector.embedded().withPriceSources(() -> List.of(myAwsSheet))).execute("catalog", "refresh");
     * }</pre>
     */
    public Connector withPriceSources(Supplier<List<PriceSource>> sources) {
        return new Connector(shared, Objects.requireNonNull(sources, "sources"));
    }

    /** The price sources a refresh run is to use instead of the adapters', when this connector has them. */
    Optional<List<PriceSource>> priceSources() {
        return Optional.ofNullable(priceSources).map(s -> List.copyOf(s.get()));
    }

    /**
     * The configuration a catalog refresh reaches {@code clouds} with: with {@code --live}, the user's; on the
     * emulator, each cloud's emulator keys (the emulator, started here unless shared, is handed to {@code started}
     * to stop after the run), with the user's call settings. No emulator starts when {@code clouds} is empty.
     */
    CloudAiConfig priceConfig(ConnectionOptions options, CommandLine cmd, Set<String> clouds,
                              java.util.function.Consumer<CloudEmulator> started) {
        if (options.live && options.emulator) {
            throw new CommandLine.ParameterException(cmd, "Error: --emulator and --live are mutually exclusive; give one");
        }
        CloudAiConfig application = CloudAiConfig.load();   // checked on every path, as the other commands do
        if (options.live) return application;
        CloudAiConfig.Builder b = CloudAiConfig.builder();
        CloudEmulator.callSettings(application).forEach(b::property);
        if (clouds.isEmpty()) return b.build();
        CloudEmulator emulator = shared;
        if (emulator == null) {
            emulator = CloudEmulator.start(clouds.stream().map(Connector::emulatedCloud).toList());
            started.accept(emulator);
        }
        for (String id : clouds) {
            if (emulator.ids().contains(id)) emulator.keys(id).forEach(b::property);
        }
        return b.build();
    }

    Session open(ConnectionOptions options, CommandLine cmd) {
        Set<String> known = CloudAi.availableProviders();
        String provider = options.provider().map(String::toLowerCase).orElse(null);
        if (provider != null && !known.contains(provider)) {
            throw new CommandLine.ParameterException(cmd, "Invalid value for option '--provider': '" + options.provider
                    + "' is not a provider on the classpath; use one of " + String.join(", ", known));
        }
        if (options.live && options.emulator) {
            throw new CommandLine.ParameterException(cmd, "Error: --emulator and --live are mutually exclusive; give one");
        }
        if (options.live) return Session.live(provider, cmd.getErr());
        String id = provider == null ? "aws" : provider;
        if (shared != null) return Session.emulated(id, () -> shared, false, cmd.getErr());
        return Session.emulated(id, () -> CloudEmulator.start(emulatedCloud(id)), true, cmd.getErr());
    }

    private static EmulatedCloud emulatedCloud(String id) {
        return switch (id) {
            case "aws" -> new AwsCloud();
            case "gcp" -> new GcpCloud();
            case "azure" -> new AzureCloud();
            default -> throw new IllegalArgumentException("provider: the embedded emulator has aws, gcp and azure, not '"
                    + id + "'; use --live for other providers");
        };
    }
}
