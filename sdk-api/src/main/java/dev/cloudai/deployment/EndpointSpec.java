package dev.cloudai.deployment;

import dev.cloudai.accelerator.AcceleratorRequirement;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * What to deploy: a model in a serving container, on an instance chosen explicitly or by an accelerator
 * requirement, and how long to wait for it to serve.
 *
 * <pre>{@code
 * EndpointSpec spec = EndpointSpec.builder("llama-chat")
 *         .image("763104351884.dkr.ecr.us-east-1.amazonaws.com/huggingface-pytorch-tgi-inference:2.4")
 *         .modelUri("s3://my-bucket/llama/model.tar.gz")
 *         .accelerator(AcceleratorRequirement.builder().workload(Workload.INFERENCE).minAcceleratorMemoryGib(24).build())
 *         .instanceCount(1)
 *         .timeout(Duration.ofMinutes(30))
 *         .build();
 * }</pre>
 */
public final class EndpointSpec {
    // The strictest common name rule of the three clouds: SageMaker and Azure ML allow letters, digits and
    // hyphens; Vertex display names are free text. 3..63 characters keeps every cloud happy.
    private static final Pattern NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9-]{1,61}[a-zA-Z0-9]");

    private final String name;
    private final String image;
    private final String modelUri;
    private final String instanceType;
    private final AcceleratorRequirement accelerator;
    private final int instanceCount;
    private final Duration timeout;
    private final Map<String, String> environment;
    private final String executionRole;
    private final ServingProtocol servingProtocol;
    private final String modelId;
    private final Integer maxModelLength;

    private EndpointSpec(Builder b) {
        this.name = b.name;
        this.image = b.image;
        this.modelUri = b.modelUri;
        this.instanceType = b.instanceType;
        this.accelerator = b.accelerator;
        this.instanceCount = b.instanceCount;
        this.timeout = b.timeout;
        this.environment = Map.copyOf(b.environment);
        this.executionRole = b.executionRole;
        this.servingProtocol = b.servingProtocol;
        this.modelId = b.modelId;
        this.maxModelLength = b.maxModelLength;
        if (image == null) {
            throw new IllegalArgumentException("image: required; the serving container image, for example a TGI or vLLM image URI");
        }
        if (instanceType == null && accelerator == null) {
            throw new IllegalArgumentException("instanceType: required unless accelerator(...) is given;"
                    + " name an instance type or describe the accelerator to choose one");
        }
    }

    /** Starts a spec for an endpoint called {@code name} (3 to 63 letters, digits or hyphens, starting with a letter). */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The endpoint's name; deploying the same name again resumes instead of creating a second endpoint. */
    public String name() { return name; }

    /** The serving container image. */
    public String image() { return image; }

    /** Where the model artifacts are (s3://, gs://, azureml:...), when the image does not hold them. */
    public Optional<String> modelUri() { return Optional.ofNullable(modelUri); }

    /** The instance type, when chosen explicitly. */
    public Optional<String> instanceType() { return Optional.ofNullable(instanceType); }

    /** The accelerator requirement that chooses the instance, when no instance type is given. */
    public Optional<AcceleratorRequirement> accelerator() { return Optional.ofNullable(accelerator); }

    /** How many instances serve the endpoint. */
    public int instanceCount() { return instanceCount; }

    /** How long {@code deploy} waits for the endpoint to serve. */
    public Duration timeout() { return timeout; }

    /** Environment variables for the serving container. */
    public Map<String, String> environment() { return environment; }

    /** The identity the endpoint runs as (an IAM role ARN on AWS), when given. */
    public Optional<String> executionRole() { return Optional.ofNullable(executionRole); }

    /** The API the container's server speaks, when said: what {@code Endpoints.chatModel} then speaks to it. */
    public Optional<ServingProtocol> servingProtocol() { return Optional.ofNullable(servingProtocol); }

    /**
     * The open model the server loads, for example the Hugging Face id {@code meta-llama/Llama-3.1-8B-Instruct}; the
     * plan passes it as {@code HF_MODEL_ID} and sets the server's tensor parallelism from the devices it chose.
     */
    public Optional<String> modelId() { return Optional.ofNullable(modelId); }

    /** The longest context the server should allow, in tokens, when set. */
    public OptionalInt maxModelLength() { return maxModelLength == null ? OptionalInt.empty() : OptionalInt.of(maxModelLength); }

    /** Shows everything but environment values, which may hold secrets. */
    @Override
    public String toString() {
        return "EndpointSpec[name=" + name + ", image=" + image + ", modelUri=" + modelUri + ", instanceType="
                + instanceType + ", accelerator=" + accelerator + ", instanceCount=" + instanceCount + ", timeout="
                + timeout + ", environment=" + environment.keySet() + ", executionRole=" + executionRole
                + (servingProtocol == null ? "" : ", servingProtocol=" + servingProtocol)
                + (modelId == null ? "" : ", modelId=" + modelId)
                + (maxModelLength == null ? "" : ", maxModelLength=" + maxModelLength) + "]";
    }

    /** Builds an {@link EndpointSpec}. */
    public static final class Builder {
        private final String name;
        private String image;
        private String modelUri;
        private String instanceType;
        private AcceleratorRequirement accelerator;
        private int instanceCount = 1;
        private Duration timeout = Duration.ofMinutes(30);
        private final Map<String, String> environment = new LinkedHashMap<>();
        private String executionRole;
        private ServingProtocol servingProtocol;
        private String modelId;
        private Integer maxModelLength;

        private Builder(String name) {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("name: '" + name + "' is not a valid endpoint name; use 3 to 63"
                        + " letters, digits or hyphens, starting with a letter and ending with a letter or digit");
            }
            this.name = name;
        }

        public Builder image(String value) { this.image = text(value, "image"); return this; }

        public Builder modelUri(String value) { this.modelUri = text(value, "modelUri"); return this; }

        public Builder instanceType(String value) { this.instanceType = text(value, "instanceType"); return this; }

        public Builder accelerator(AcceleratorRequirement value) { this.accelerator = Objects.requireNonNull(value, "accelerator"); return this; }

        public Builder instanceCount(int value) {
            if (value < 1) throw new IllegalArgumentException("instanceCount: must be at least 1, was " + value);
            this.instanceCount = value;
            return this;
        }

        public Builder timeout(Duration value) {
            Objects.requireNonNull(value, "timeout");
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("timeout: must be positive, was " + value);
            }
            this.timeout = value;
            return this;
        }

        public Builder environment(String key, String value) {
            environment.put(text(key, "environment key"), Objects.requireNonNull(value, "environment[" + key + "]"));
            return this;
        }

        public Builder executionRole(String value) { this.executionRole = text(value, "executionRole"); return this; }

        /** The API the container's server speaks (OpenAI chat for vLLM, SGLang and LMI; TGI; TEI). */
        public Builder servingProtocol(ServingProtocol value) {
            this.servingProtocol = Objects.requireNonNull(value, "servingProtocol");
            return this;
        }

        /** The open model the server loads (a Hugging Face id, or a path the image understands). */
        public Builder modelId(String value) { this.modelId = text(value, "modelId"); return this; }

        /** The longest context the server should allow, in tokens; 1 to 10,000,000. */
        public Builder maxModelLength(int tokens) {
            if (tokens < 1 || tokens > 10_000_000) {
                throw new IllegalArgumentException("maxModelLength: must be 1 to 10000000 tokens, was " + tokens);
            }
            this.maxModelLength = tokens;
            return this;
        }

        public EndpointSpec build() {
            return new EndpointSpec(this);
        }

        private static String text(String value, String field) {
            if (value == null || value.isBlank()) throw new IllegalArgumentException(field + ": must not be blank");
            return value.strip();
        }
    }
}
