package dev.cloudai.cli;

import dev.cloudai.config.ConfigurationException;
import dev.cloudai.errors.CloudAiException;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.Map;

/**
 * Turns a failure of a command into one readable message on stderr and its {@link ExitCodes exit code}; never a
 * stack trace, because the SDK's messages already say what failed, where, and what to do next. A wrong command line
 * gets picocli's message, its suggestions for a mistyped option, and a pointer to {@code --help}, rather than the
 * whole help text.
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
    /** The SDK names the field in its messages ("accelerators: unknown ..."); the user typed the option. */
    private static final Map<String, String> OPTION_OF_FIELD = Map.ofEntries(
            Map.entry("accelerators", "--accelerator"), Map.entry("document", "--document"),
            Map.entry("jsonSchema", "--json-schema"), Map.entry("schema", "--json-schema"), Map.entry("endpoint", "--endpoint"), Map.entry("protocol", "--protocol"), Map.entry("reasoningEffort", "--reasoning-effort"), Map.entry("vendors", "--vendor"), Map.entry("clouds", "--cloud"),
            Map.entry("regions", "--region"), Map.entry("platforms", "--platform"), Map.entry("image", "--image"),
            Map.entry("modelUri", "--model-uri"), Map.entry("instanceType", "--instance-type"),
            Map.entry("instanceCount", "--instance-count"), Map.entry("timeout", "--timeout"),
            Map.entry("executionRole", "--execution-role"), Map.entry("name", "NAME"), Map.entry("limit", "--limit"),
            Map.entry("minAcceleratorCount", "--min-count"), Map.entry("minAcceleratorMemoryGib", "--min-memory"),
            Map.entry("minTotalAcceleratorMemoryGib", "--min-total-memory"),
            Map.entry("modelSize.billionsOfParameters", "--model-size"), Map.entry("minNetworkGbps", "--min-network"),
            Map.entry("maxPricePerHour", "--max-price"), Map.entry("allowUnpriced", "--allow-unpriced"),
            Map.entry("pricing", "--pricing"), Map.entry("throughput", "--tokens-per-second"), Map.entry("rankBy", "--rank-by"),
            Map.entry("json", "BODY"), Map.entry("body", "BODY"), Map.entry("contentType", "--content-type"),
            Map.entry("displayName", "--name"), Map.entry("output", "--output"), Map.entry("file", "FILE.jsonl"),
            Map.entry("items", "FILE.jsonl"), Map.entry("jobId", "ID"), Map.entry("wait", "--wait"));

    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for the options.");
        err.flush();
        return ExitCodes.USAGE;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        String help = "Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for the options.";
        // ConfigurationException extends IllegalArgumentException, so it is tested first.
        if (e instanceof ConfigurationException c) {
            err.println("Configuration error:");
            c.problems().forEach(p -> err.println("  - " + p));
            err.println("Fix cloudai.properties, the CLOUDAI_* environment variables or the -Dcloudai.* system properties,"
                    + " or run against the embedded emulator with --emulator.");
            err.flush();
            return ExitCodes.CONFIGURATION;
        }
        if (e instanceof CloudAiException c) {
            err.println("Cloud error (" + c.getClass().getSimpleName() + "): " + c.getMessage());
            err.println("  provider: " + c.providerId() + ", operation: " + c.operation()
                    + ", request id: " + c.requestId().orElse("none") + ", retryable: " + c.isRetryable());
            err.flush();
            return ExitCodes.CLOUD;
        }
        if (e instanceof IllegalArgumentException || e instanceof NullPointerException
                || e instanceof UnsupportedOperationException) {
            String message = String.valueOf(e.getMessage());
            int colon = message.indexOf(':');
            String option = colon > 0 ? OPTION_OF_FIELD.get(message.substring(0, colon)) : null;
            err.println("Bad argument" + (option == null ? "" : " (" + option + ")") + ": " + message);
            err.println(help);
            err.flush();
            return ExitCodes.BAD_ARGUMENT;
        }
        err.println("Unexpected error: " + e.getClass().getName() + ": " + e.getMessage());
        err.flush();
        return ExitCodes.INTERNAL;
    }
}
