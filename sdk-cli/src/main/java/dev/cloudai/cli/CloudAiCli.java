package dev.cloudai.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ScopeType;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Properties;

/**
 * The {@code cloudai} command: chat, stream, embed, select accelerators, manage endpoints and run batch jobs on AWS,
 * Google Cloud and Azure, against the embedded emulator by default or the real cloud with {@code --live}.
 *
 * <pre>{@code
 * cloudai chat "Why use Inferentia for inference?"                 # the embedded emulator, aws
 * cloudai accelerators --accelerator inf2 --format json
 * cloudai chat --live --provider gcp "Hello"                        # Vertex AI, from cloudai.properties
 * }</pre>
 *
 * In code or tests: {@code CloudAiCli.commandLine(Connector.embedded()).execute(args)} returns the exit code.
 */
@Command(name = "cloudai", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true,
        versionProvider = CloudAiCli.Version.class, sortOptions = false,
        abbreviateSynopsis = true, usageHelpWidth = 100,
        description = {
                "Invoke models, select accelerators and deploy endpoints on AWS, Google Cloud and Azure through one tool.",
                "Runs against the embedded cloud emulator unless --live is given."},
        subcommands = {ChatCommand.class, StreamCommand.class, EmbedCommand.class, AcceleratorsCommand.class,
                CatalogCommand.class, PlanCommand.class, DeployCommand.class, EndpointsCommand.class, InvokeCommand.class,
                DeleteCommand.class, BatchCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:success",
                "1:an unexpected internal error",
                "2:bad command line (unknown option, missing value)",
                "3:bad configuration (cloudai.* keys, provider)",
                "4:bad argument (unknown accelerator, missing --image...)",
                "5:the cloud failed the call (message and request id)"},
        footerHeading = "%nExamples:%n",
        footer = {
                "  cloudai chat \"Why use Inferentia for inference?\"",
                "  cloudai stream --provider gcp \"Tell me a story\"",
                "  cloudai accelerators --accelerator inf2 --format json",
                "  cloudai catalog refresh --live                      (current prices into ~/.cloudai/catalog)",
                "  cloudai deploy my-endpoint --image IMAGE --min-memory 24",
                "  cloudai batch submit prompts.jsonl --wait 1h --output answers.jsonl",
                "  cloudai chat --live --provider azure \"Hello\"      (the real cloud)",
                "  cloudai COMMAND --help"})
public final class CloudAiCli {
    private final Connector connector;

    @Mixin
    ConnectionOptions connection;

    /** A CLI whose emulator runs use {@code connector}. */
    public CloudAiCli(Connector connector) {
        this.connector = Objects.requireNonNull(connector, "connector");
    }

    Connector connector() {
        return connector;
    }

    /** The configured picocli command line: error handling, case-insensitive enum values. Call {@code execute(args)}. */
    public static CommandLine commandLine(Connector connector) {
        CommandLine cmd = new CommandLine(new CloudAiCli(connector));
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        ErrorReporter errors = new ErrorReporter();
        cmd.setExecutionExceptionHandler(errors);
        cmd.setParameterExceptionHandler(errors);
        return cmd;
    }

    public static void main(String[] args) {
        // gRPC and the emulator log through java.util.logging; the tool prints its own output, so only warnings show.
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        System.exit(commandLine(Connector.embedded()).execute(args));
    }

    /** {@code --version}: the version the build stamped into {@code version.properties}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = CloudAiCli.class.getResourceAsStream("version.properties")) {
                if (in != null) p.load(in);
            }
            return new String[]{"cloudai " + p.getProperty("version", "unknown") + " (Cloud AI SDK for Java)",
                    "Java " + System.getProperty("java.version") + ", providers: "
                            + String.join(", ", dev.cloudai.CloudAi.availableProviders())};
        }
    }
}
