package dev.cloudai.testkit;

import dev.cloudai.config.RetrySettings;
import dev.cloudai.deployment.EndpointSpec;
import dev.cloudai.invocation.FinishReason;
import dev.cloudai.invocation.TokenUsage;

import java.time.Duration;
import java.util.List;

/**
 * The one canned conversation every emulated cloud serves by default, in its own wire format, and the contract
 * tests expect back through the neutral API. A cloud's default stubs must serve exactly this:
 *
 * <ul>
 *   <li><b>models</b>: only the models the emulator serves ({@code EmulatedCloud.models()}, by default
 *       {@code SampleModels.servedBy(cloud)}, which include {@link #CHAT_MODEL} and {@link #EMBEDDING_MODEL});
 *       any other id, {@link #UNKNOWN_MODEL} for one, gets the cloud's own "unknown model" error.</li>
 *   <li><b>chat</b> (any served model, any prompt): text {@value #CHAT_TEXT}, {@value #INPUT_TOKENS} input and
 *       {@value #OUTPUT_TOKENS} output tokens, the cloud's "stop" reason (neutral {@link FinishReason#STOP}).</li>
 *   <li><b>stream</b>: the text deltas {@link #STREAM_DELTAS} in that order (they join to {@value #CHAT_TEXT}),
 *       then the end of the stream with the "stop" reason and the same usage.</li>
 *   <li><b>embeddings</b>: one vector per input text, in input order: {@code EmulatedEmbeddings.vector(text, d)},
 *       derived from the text alone (different texts differ, the same text always gets the same vector), unit
 *       length, {@code d} being the real model's size ({@code EmulatedEmbeddings.dimensions(model)}; for a model
 *       of unknown size, {@value #EMBEDDING_DIMENSIONS}) or the size the request asks for.</li>
 *   <li><b>endpoints</b>: no endpoint exists at first; a create starts a deployment whose first status read
 *       answers the cloud's "creating" state and the next ones its "in service" state; a get, list or invoke then
 *       finds it; a delete removes it, after which a get says not found (and a second delete either succeeds or
 *       says not found). An invoke of an endpoint that serves answers {@value #INVOKE_RESPONSE_BODY} with content
 *       type {@code application/json}; of any other, the cloud's not-found. {@code failNextDeployment(reason)}
 *       makes the next deployment end failed with that reason, the endpoint left to delete.</li>
 * </ul>
 */
public final class Canned {
    /** The model id the contract tests use by default. */
    public static final String CHAT_MODEL = "emulator-chat-model";
    /** The embedding model id the contract tests use by default. */
    public static final String EMBEDDING_MODEL = "emulator-embedding-model";
    /** A model id no emulator serves: every cloud answers it the way it answers an unknown model. */
    public static final String UNKNOWN_MODEL = "no-such-model";

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

    /** The texts the embedding contract sends. */
    public static final List<String> EMBEDDING_INPUTS = List.of("first input", "second input", "third input");
    /** The length of the vectors of an embedding model whose real size the emulators do not know, such as {@link #EMBEDDING_MODEL}. */
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
    public static final RetrySettings FAST_RETRY = RetrySettings.builder().maxAttempts(3)
            .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(5)).build();

    private Canned() {
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
