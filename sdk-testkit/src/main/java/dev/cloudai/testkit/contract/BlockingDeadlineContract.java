package dev.cloudai.testkit.contract;

import dev.cloudai.CloudAiConfig;
import dev.cloudai.config.ConfigKeys;
import dev.cloudai.errors.DeadlineExceededException;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.testkit.Canned;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.Fault;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The deadline of a blocking call: the pipeline cannot cancel a thread blocked in a cloud SDK, so each adapter hands
 * {@code cloudai.timeout} to its SDK as the per-request timeout. A response slower than the deadline must end in a
 * {@link DeadlineExceededException} after that one request, and no retry may start past the deadline.
 *
 * <pre>{@code
 * class AwsBlockingDeadlineTest extends BlockingDeadlineContract {
 *     protected EmulatedCloud newCloud() { return new AwsCloud(); }
 * }
 * }</pre>
 */
public abstract class BlockingDeadlineContract extends EmulatorContract {
    /** Short, so the test is quick; the emulator answers well after it. */
    protected static final Duration DEADLINE = Duration.ofMillis(400);

    /** The chat model id the emulator serves; override when the adapter needs a particular form. */
    protected String chatModel() {
        return Canned.CHAT_MODEL;
    }

    @Override
    protected CloudAiConfig.Builder configure(CloudAiConfig.Builder config) {
        return config.property(ConfigKeys.TIMEOUT, DEADLINE.toMillis() + "ms");
    }

    @Test
    public final void aBlockingCallSlowerThanTheDeadlineEndsInDeadlineExceededAfterOneRequest() {
        cloud().inject(Fault.slowResponse(DEADLINE.multipliedBy(4)), EmulatedCloud.ALWAYS);
        assertThrows(DeadlineExceededException.class,
                () -> ai().chatModel(chatModel()).chat(ChatRequest.ofUser(Canned.CHAT_PROMPT)));
        assertRequests(1, "the SDK's own timeout ended the request at the deadline, and no retry started after it");
    }
}
