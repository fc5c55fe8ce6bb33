package dev.cloudai.testkit.contract;

import dev.cloudai.CloudAi;
import dev.cloudai.CloudAiConfig;
import dev.cloudai.config.ConfigKeys;
import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.testkit.Canned;
import dev.cloudai.testkit.CloudEmulator;
import dev.cloudai.testkit.EmulatedCloud;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;

/**
 * The Reactive Streams TCK (for {@link Flow}) on an adapter's chat stream, through {@code CloudAi} against its
 * emulator: the adapter's own publisher inside the call pipeline's retrying publisher. A stream of n chunks is the
 * emulator answering n - 1 text deltas ({@link #serveStream}); the end of the answer makes the {@code Finished} chunk.
 * TestNG-based, as the TCK is: the module runs it through the JUnit Platform TestNG engine.
 *
 * <pre>{@code
 * public class BedrockConverseStreamTckTest extends ChatStreamTck {
 *     protected EmulatedCloud newCloud() { return new AwsCloud(); }
 *     protected void serveStream(EmulatedCloud cloud, List<String> deltas) { ((AwsCloud) cloud).streamAnswer(deltas); }
 * }
 * }</pre>
 */
public abstract class ChatStreamTck extends FlowPublisherVerification<ChatChunk> {
    private EmulatedCloud cloud;
    private CloudEmulator emulator;
    private CloudAi ai;

    protected ChatStreamTck() {
        // a real network call on two cores: 1 s for an expected signal; 50 ms of quiet where none may come
        super(new TestEnvironment(1_000, 50));
    }

    /** A new, not yet started emulator of the cloud under test. */
    protected abstract EmulatedCloud newCloud();

    /** Makes every chat stream of the cloud's served models answer exactly {@code deltas}, then its normal end. */
    protected abstract void serveStream(EmulatedCloud cloud, List<String> deltas);

    /** The model that streams; by default {@link Canned#CHAT_MODEL}. */
    protected String chatModel() {
        return Canned.CHAT_MODEL;
    }

    /** Adds what the adapter needs besides the emulator's keys. */
    protected CloudAiConfig.Builder configure(CloudAiConfig.Builder config) {
        return config;
    }

    /** Started here, not in the constructor: TestNG makes the instance at discovery, long before the class runs. */
    @BeforeClass
    public void startEmulator() {
        cloud = newCloud();
        emulator = CloudEmulator.start(cloud);
        ai = CloudAi.create(configure(emulator.config(cloud.id()).retry(Canned.FAST_RETRY)
                .property(ConfigKeys.CIRCUIT_ENABLED, "false")).build());
    }

    /**
     * A chat stream always ends with its {@code Finished} chunk, so asked for 0 (only the rule 1.9 tests ask, and they
     * check onSubscribe, not the count) it gets the shortest stream, 1 chunk.
     */
    @Override
    public Flow.Publisher<ChatChunk> createFlowPublisher(long elements) {
        List<String> deltas = new ArrayList<>();
        for (long i = 0; i < elements - 1; i++) deltas.add("t" + i);
        serveStream(cloud, deltas);   // read when the call is made, at subscribe: the TCK subscribes right after
        return ai.chatModel(chatModel()).stream(ChatRequest.ofUser(Canned.CHAT_PROMPT));
    }

    /**
     * 64 is ample for every TCK test but rule 3.17's "pending above Long.MAX_VALUE", which asks for a stream of
     * Integer.MAX_VALUE elements; the TCK skips that one itself, with this reason. The in-memory relays in sdk-api run it.
     */
    @Override
    public long maxElementsFromPublisher() {
        return 64;
    }

    /** A model the cloud does not serve: its not-found answer, not retried, delivered after onSubscribe. */
    @Override
    public Flow.Publisher<ChatChunk> createFailedFlowPublisher() {
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
