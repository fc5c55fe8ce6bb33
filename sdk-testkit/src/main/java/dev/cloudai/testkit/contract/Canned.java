package dev.cloudai.testkit.contract;

import dev.cloudai.config.RetrySettings;
import dev.cloudai.deployment.EndpointSpec;
import dev.cloudai.invocation.FinishReason;
import dev.cloudai.invocation.TokenUsage;

import java.time.Duration;
import java.util.List;
import java.util.StringJoiner;

/**
 * The one canned conversation every emulated cloud serves by default, in its own wire format, and the contract
 * tests expect back through the neutral API. A cloud's default stubs must serve exactly this:
 *
 * <ul>
 *   <li><b>chat</b> (any model, any prompt): text {@value #CHAT_TEXT}, {@value #INPUT_TOKENS} input and
 *       {@value #OUTPUT_TOKENS} output tokens, the cloud's "stop" reason (neutral {@link FinishReason#STOP}).</li>
 *   <li><b>stream</b>: the text deltas {@link #STREAM_DELTAS} in that order (they join to {@value #CHAT_TEXT}),
 *       then the end of the stream with the "stop" reason and the same usage.</li>
 *   <li><b>embeddings</b>: for the inputs at positions {@code 0..N-1} of a request, N vectors of
 *       {@value #EMBEDDING_DIMENSIONS} components in input order, component {@code j} of vector {@code i} being
 *       {@code i + j/8} ({@link #embeddingVector(int)}; every value is exact in binary floating point). A cloud
 *       whose API embeds one text per request maps each of {@link #EMBEDDING_INPUTS} to its position.</li>
 *   <li><b>endpoints</b>: no endpoint exists at first; a create starts a deployment whose first status read
 *       answers the cloud's "creating" state and the next ones its "in service" state; a get, list or invoke then
 *       finds it; a delete removes it, after which a get says not found (and a second delete either succeeds or
 *       says not found). An invoke answers {@value #INVOKE_RESPONSE_BODY} with content type
 *       {@code application/json}.</li>
 * </ul>
 */
public final class Canned {
    /** The model id the contract tests use by default. */
    public static final String CHAT_MODEL = "emulator-chat-model";
    /** The embedding model id the contract tests use by default. */
    public static final String EMBEDDING_MODEL = "emulator-embedding-model";

    /** The prompt the contract tests send; stubs answer any prompt. */
    public static final String CHAT_PROMPT = "Say hello to the emulator";
    /** The whole answer. */
    public static final String CHAT_TEXT = "Hello from the emulator";
    public static final int INPUT_TOKENS = 12;
    public static final int OUTPUT_TOKENS = 5;
    /** {@link #INPUT_TOKENS} and {@link #OUTPUT_TOKENS}. */
    public static final TokenUsage USAGE = new TokenUsage(INPUT_TOKENS, OUTPUT_TOKENS);
    /** The neutral finish reason of the answer. */
    public static final FinishReason FINISH_REASON = FinishReason.STOP;
    /** The streamed text, in order; joined, they are {@link #CHAT_TEXT}. */
    public static final List<String> STREAM_DELTAS = List.of("Hello", " from", " the emulator");

    /** The texts the embedding contract sends; vector {@code i} belongs to input {@code i}. */
    public static final List<String> EMBEDDING_INPUTS = List.of("first input", "second input", "third input");
    /** The length of every canned vector. */
    public static final int EMBEDDING_DIMENSIONS = 8;

    /** The name of the endpoint the endpoint contract deploys. */
    public static final String ENDPOINT_NAME = "contract-endpoint";
    /** The serving image of the contract's endpoint spec. */
    public static final String ENDPOINT_IMAGE = "registry.example.com/emulator/serving:1.0";
    /** The instance type of the contract's endpoint spec unless the cloud's contract test names one of its own. */
    public static final String INSTANCE_TYPE = "emulator.gpu.small";
    /** The body the endpoint contract sends to the endpoint. */
    public static final String INVOKE_REQUEST_BODY = "{\"inputs\":\"Hello\"}";
    /** The body every invoke answers. */
    public static final String INVOKE_RESPONSE_BODY = "{\"outputs\":\"Hello from the endpoint\"}";

    /** The {@code Retry-After} the contracts' throttles carry: short, so retries stay fast. */
    public static final Duration RETRY_AFTER = Duration.ofMillis(20);
    /** The retry settings of the contracts: 3 attempts, 1 to 5 ms backoff. */
    public static final RetrySettings FAST_RETRY = new RetrySettings(3, Duration.ofMillis(1), Duration.ofMillis(5));

    private Canned() {
    }

    /** The canned vector for the input at {@code index}: component {@code j} is {@code index + j/8}. */
    public static float[] embeddingVector(int index) {
        if (index < 0) throw new IllegalArgumentException("index: must not be negative, was " + index);
        float[] v = new float[EMBEDDING_DIMENSIONS];
        for (int j = 0; j < v.length; j++) v[j] = index + j / 8f;
        return v;
    }

    /** {@link #embeddingVector(int)} as a JSON array, for stubs: {@code [1.0,1.125,...,1.875]}. */
    public static String embeddingVectorJson(int index) {
        StringJoiner json = new StringJoiner(",", "[", "]");
        for (float f : embeddingVector(index)) json.add(Float.toString(f));
        return json.toString();
    }

    /**
     * The components of vector {@code {{@index}}} for a WireMock response template: {@code {{@index}}.0,{{@index}}.125,...},
     * to put between brackets inside an {@code {{#each}}} over the request's inputs.
     */
    public static String embeddingVectorTemplate() {
        StringJoiner json = new StringJoiner(",");
        for (int j = 0; j < EMBEDDING_DIMENSIONS; j++) {
            String fraction = Float.toString(j / 8f);                  // 0.0, 0.125, ...
            json.add("{{@index}}" + fraction.substring(fraction.indexOf('.')));
        }
        return json.toString();
    }

    /** The endpoint spec the endpoint contract deploys: {@link #ENDPOINT_NAME}, {@link #ENDPOINT_IMAGE}, one instance. */
    public static EndpointSpec endpointSpec(String instanceType) {
        return EndpointSpec.builder(ENDPOINT_NAME)
                .image(ENDPOINT_IMAGE)
                .instanceType(instanceType)
                .instanceCount(1)
                .timeout(Duration.ofSeconds(10))
                .build();
    }
}
