package dev.cloudai.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.util.Optional;

/**
 * The options every command shares: which provider, and whether to talk to the embedded emulator (the default)
 * or to the real cloud. Declared once on {@code cloudai} and inherited by every subcommand, so both
 * {@code cloudai --provider gcp chat ...} and {@code cloudai chat --provider gcp ...} work.
 */
final class ConnectionOptions {

    @Option(names = "--provider", paramLabel = "ID", scope = ScopeType.INHERIT,
            description = "The provider: aws, gcp or azure. Default: aws on the emulator, the configured one with --live.")
    String provider;

    @Option(names = "--emulator", scope = ScopeType.INHERIT,
            description = "Run against the embedded CloudEmulator: no account, no network (the default).")
    boolean emulator;

    @Option(names = "--live", scope = ScopeType.INHERIT,
            description = "Use the real cloud, configured as CloudAi.fromConfig() reads it: -Dcloudai.* system properties,"
                    + " CLOUDAI_* environment variables, the cloudai.properties file. --provider overrides the provider.")
    boolean live;

    Optional<String> provider() {
        return Optional.ofNullable(provider).map(String::strip).filter(p -> !p.isEmpty());
    }
}
