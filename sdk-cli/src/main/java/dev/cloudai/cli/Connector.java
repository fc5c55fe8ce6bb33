package dev.cloudai.cli;

import dev.cloudai.CloudAi;
import dev.cloudai.testkit.CloudEmulator;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.aws.AwsCloud;
import dev.cloudai.testkit.azure.AzureCloud;
import dev.cloudai.testkit.gcp.GcpCloud;
import picocli.CommandLine;

import java.util.Set;

/**
 * Opens the {@link Session} of a command run. By default, emulator runs start their own embedded
 * {@link CloudEmulator} with the one cloud asked for; {@link #sharing(CloudEmulator)} makes every run use one
 * running emulator instead, so a test can deploy in one command and invoke in the next.
 */
public final class Connector {
    private final CloudEmulator shared;

    private Connector(CloudEmulator shared) {
        this.shared = shared;
    }

    /** Each emulator run starts an embedded emulator and stops it when the command ends. */
    public static Connector embedded() {
        return new Connector(null);
    }

    /** Every emulator run uses {@code emulator}, which the caller starts and stops. */
    public static Connector sharing(CloudEmulator emulator) {
        if (emulator == null) throw new NullPointerException("emulator");
        return new Connector(emulator);
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
