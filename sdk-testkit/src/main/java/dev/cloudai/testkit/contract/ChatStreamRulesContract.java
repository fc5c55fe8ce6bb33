package dev.cloudai.testkit.contract;

import dev.cloudai.errors.InvalidRequestException;
import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.testkit.Canned;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.Fault;

import java.util.concurrent.Flow;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * {@link StreamRulesContract} for a cloud's {@code ChatModel.stream}, end to end through {@code CloudAi} (retry
 * pipeline, adapter, wire) against the cloud's emulator. A cancelled stream must have sent one request and no retry;
 * a failing one is an invalid request, delivered once.
 *
 * <pre>{@code
 * class AwsChatStreamRulesTest extends ChatStreamRulesContract {
 *     protected EmulatedCloud newCloud() { return new AwsCloud(); }
 *     protected String chatModel() { return "anthropic.claude-3-haiku-20240307-v1:0"; }
 * }
 * }</pre>
 */
public abstract class ChatStreamRulesContract extends EmulatorContract implements StreamRulesContract<ChatChunk> {

    /** The model id (or alias) whose stream is checked; by default {@link Canned#CHAT_MODEL}. */
    protected String chatModel() {
        return Canned.CHAT_MODEL;
    }

    @Override
    public Flow.Publisher<ChatChunk> newPublisher() {
        return ai().chatModel(chatModel()).stream(ChatRequest.ofUser(Canned.CHAT_PROMPT));
    }

    @Override
    public Flow.Publisher<ChatChunk> newFailingPublisher() {
        cloud().inject(Fault.invalidRequest("messages: the prompt is too long"), EmulatedCloud.ALWAYS);
        return newPublisher();
    }

    @Override
    public void assertFailure(Throwable error) {
        assertInstanceOf(InvalidRequestException.class, error, "the failing stream's one error");
    }

    @Override
    public void assertSourceStopped() {
        assertRequests(1, "a cancelled stream sends one request and no retry");
    }
}
