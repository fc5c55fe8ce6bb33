package dev.cloudai.internal.serving;

import dev.cloudai.deployment.ServingProtocol;
import dev.cloudai.internal.TckSources;
import dev.cloudai.invocation.ChatChunk;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.annotations.AfterClass;
import org.testng.annotations.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;

/**
 * The Reactive Streams TCK for {@link PartsToChunks}, decoding an OpenAI-compatible SSE body (shape from the OpenAI
 * Chat Completions streaming reference, chat.completion.chunk): one text delta per part, the last part carries the
 * finish reason and {@code [DONE]}, which make the {@code Finished} chunk. So a stream of n chunks is n - 1 delta
 * parts and the end part.
 */
public class PartsToChunksTckTest extends FlowPublisherVerification<ChatChunk> {
    private static final byte[] END = ("data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
            + "data: [DONE]\n\n").getBytes(StandardCharsets.UTF_8);
    private final ExecutorService executor = Executors.newFixedThreadPool(2);

    public PartsToChunksTckTest() {
        // in memory: 300 ms for an expected signal, 50 ms of quiet where none may come; keeps the run short
        super(new TestEnvironment(300, 50));
    }

    /**
     * A chat stream always ends with its {@code Finished} chunk, so it has at least one element: asked for 0 (only
     * the rule 1.9 tests ask, and they check onSubscribe, not the count) it gets the shortest stream, 1 chunk.
     */
    @Override
    public Flow.Publisher<ChatChunk> createFlowPublisher(long elements) {
        long deltas = elements == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, elements - 1);
        Flow.Publisher<byte[]> parts = TckSources.items(deltas == Long.MAX_VALUE ? Long.MAX_VALUE : deltas + 1,
                i -> i == deltas ? END : delta(i), executor);
        return new PartsToChunks(() -> parts, ChatCodec.of(ServingProtocol.OPENAI_CHAT)::streamDecoder,
                PartsToChunksTckTest::mapped);
    }

    @Override
    public Flow.Publisher<ChatChunk> createFailedFlowPublisher() {
        // the body's connection fails before the first part
        Flow.Publisher<byte[]> parts = s -> {
            s.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            s.onError(new UncheckedIOException(new IOException("connection reset")));
        };
        return new PartsToChunks(() -> parts, ChatCodec.of(ServingProtocol.OPENAI_CHAT)::streamDecoder,
                PartsToChunksTckTest::mapped);
    }

    @Override
    @Test
    public void optional_spec105_emptyStreamMustTerminateBySignallingOnComplete() {
        notVerified("a chat stream is never empty: it ends with its Finished chunk");
    }

    private static byte[] delta(long i) {
        return ("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"t" + i + "\"}}]}\n\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static RuntimeException mapped(Throwable t) {
        return t instanceof RuntimeException r ? r : new IllegalStateException(t);
    }

    @AfterClass
    public void shutDown() {
        executor.shutdownNow();
    }
}
