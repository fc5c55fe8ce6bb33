package dev.cloudai.aws;

import dev.cloudai.CloudAi;
import dev.cloudai.config.ConfigKeys;
import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.testkit.Canned;
import dev.cloudai.testkit.CloudEmulator;
import dev.cloudai.testkit.aws.AwsCloud;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;

/**
 * The Reactive Streams TCK for a Bedrock chat stream ({@code ConverseStreamPublisher} over
 * {@code EventStreamPublisher}, a ConverseStream call, inside the call pipeline's retrying publisher), through
 * {@code CloudAi} against the AWS emulator. A stream of n chunks is the emulator answering n - 1 text deltas
 * ({@link AwsCloud#streamAnswer}: {@code contentBlockDelta} events, then {@code messageStop} and {@code metadata},
 * shapes from the Bedrock ConverseStream API reference); the end of the event stream makes the {@code Finished} chunk.
 */
public class BedrockConverseStreamTckTest extends FlowPublisherVerification<ChatChunk> {
    private AwsCloud cloud;
    private CloudEmulator emulator;
    private CloudAi ai;

    public BedrockConverseStreamTckTest() {
        // a real HTTP call on two cores: 1 s for an expected signal; 50 ms of quiet where none may come
        super(new TestEnvironment(1_000, 50));
    }

    /** Started here, not in the constructor: TestNG makes the instance at discovery, long before the class runs. */
    @BeforeClass
    public void startEmulator() {
        cloud = new AwsCloud();
        emulator = CloudEmulator.start(cloud);
        ai = CloudAi.create(emulator.config(cloud.id()).retry(Canned.FAST_RETRY)
                .property(ConfigKeys.CIRCUIT_ENABLED, "false").build());
    }

    /**
     * A chat stream always ends with its {@code Finished} chunk, so asked for 0 (only the rule 1.9 tests ask, and they
     * check onSubscribe, not the count) it gets the shortest stream, 1 chunk.
     */
    @Override
    public Flow.Publisher<ChatChunk> createFlowPublisher(long elements) {
        List<String> deltas = new ArrayList<>();
        for (long i = 0; i < elements - 1; i++) deltas.add("t" + i);
        cloud.streamAnswer(deltas);   // read when the call is made, at subscribe: the TCK subscribes right after
        return ai.chatModel(Canned.CHAT_MODEL).stream(ChatRequest.ofUser(Canned.CHAT_PROMPT));
    }

    /**
     * The emulator sends a whole answer in one body: 64 is ample for every TCK test but one, rule 3.17's "pending
     * above Long.MAX_VALUE", which asks for a stream of Integer.MAX_VALUE elements; that one is skipped by the TCK
     * itself, with this reason. The in-memory relays in sdk-api run it.
     */
    @Override
    public long maxElementsFromPublisher() {
        return 64;
    }

    @Override
    public Flow.Publisher<ChatChunk> createFailedFlowPublisher() {
        // a model the emulator does not serve: 400 ValidationException, not retried, delivered after onSubscribe
        return ai.chatModel(Canned.UNKNOWN_MODEL).stream(ChatRequest.ofUser(Canned.CHAT_PROMPT));
    }

    @Override
    @Test
    public void optional_spec105_emptyStreamMustTerminateBySignallingOnComplete() {
        notVerified("a chat stream is never empty: it ends with its Finished chunk");
    }

    @AfterClass
    public void shutDown() {
        try {
            if (ai != null) ai.close();
        } finally {
            if (emulator != null) emulator.close();
        }
    }
}
