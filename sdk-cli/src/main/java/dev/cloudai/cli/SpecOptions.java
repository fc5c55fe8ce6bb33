package dev.cloudai.cli;

import dev.cloudai.accelerator.AcceleratorRequirement;
import dev.cloudai.accelerator.Workload;
import dev.cloudai.deployment.EndpointSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.Map;

/**
 * The endpoint to plan or deploy, as in {@link EndpointSpec.Builder}: its name, image, model, and either an
 * instance type or the hardware options that choose one. The SDK checks the values and names a missing one.
 */
final class SpecOptions {

    @Parameters(index = "0", paramLabel = "NAME", description = "The endpoint's name: 3 to 63 letters, digits or hyphens.")
    String name;

    @Option(names = "--image", paramLabel = "URI", description = "The serving container image (required), for example a TGI or vLLM image.")
    String image;

    @Option(names = "--model-uri", paramLabel = "URI", description = "Where the model artifacts are: s3://..., gs://..., azureml:...")
    String modelUri;

    @Option(names = "--instance-type", paramLabel = "TYPE",
            description = "The instance type, for example ml.g5.xlarge; else the hardware options below choose one.")
    String instanceType;

    @Option(names = "--instance-count", paramLabel = "N", defaultValue = "1", description = "How many instances. Default: ${DEFAULT-VALUE}.")
    int instanceCount;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30m",
            description = "How long deploy waits for the endpoint to serve: 90s, 30m, PT1H. Default: ${DEFAULT-VALUE}.")
    String timeout;

    @Option(names = "--env", paramLabel = "KEY=VALUE", description = "An environment variable of the serving container (repeatable).")
    Map<String, String> environment;

    @Option(names = "--execution-role", paramLabel = "ARN", description = "The IAM role the endpoint runs as (AWS); else cloudai.aws.execution-role.")
    String executionRole;

    @Mixin
    HardwareOptions hardware;

    EndpointSpec spec() {
        EndpointSpec.Builder b = EndpointSpec.builder(name)
                .instanceCount(instanceCount)
                .timeout(duration(timeout));
        if (image != null) b.image(image);
        if (modelUri != null) b.modelUri(modelUri);
        if (instanceType != null) b.instanceType(instanceType);
        if (executionRole != null) b.executionRole(executionRole);
        if (environment != null) environment.forEach(b::environment);
        if (hardware.isSet()) {
            b.accelerator(hardware.applyTo(AcceleratorRequirement.builder().workload(Workload.INFERENCE)).build());
        }
        return b.build();
    }

    /** ISO-8601 ({@code PT30M}) or the short forms {@code 500ms}, {@code 90s}, {@code 30m}, {@code 1h}. */
    static Duration duration(String text) {
        return duration(text, "timeout");
    }

    /** {@link #duration(String)}, naming {@code field} when {@code text} is not a duration. */
    static Duration duration(String text, String field) {
        String t = text.strip().toLowerCase(java.util.Locale.ROOT);
        try {
            if (t.startsWith("p")) return Duration.parse(t.toUpperCase(java.util.Locale.ROOT));
            if (t.endsWith("ms")) return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(field + ": '" + text + "' is not a duration; use 90s, 30m, 1h or ISO-8601 like PT30M");
        }
    }
}
