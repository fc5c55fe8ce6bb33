package dev.cloudai.internal.serving;

import dev.cloudai.deployment.InvokeRequest;
import dev.cloudai.deployment.InvokeResponse;
import dev.cloudai.deployment.ServingProtocol;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;

/**
 * One model server's chat API, both ways: the body to send for a {@link ChatRequest} and the neutral answer read
 * from the server's body. Stateless and thread-safe; a stream gets its own {@link StreamDecoder}. Not API.
 *
 * <pre>{@code
 * ChatCodec codec = ChatCodec.of(ServingProtocol.OPENAI_CHAT);
 * InvokeRequest body = codec.encode(request, false);
 * ChatResponse.Builder answer = codec.decode(endpoints.invoke(id, body));   // provider and model still to set
 * }</pre>
 */
public interface ChatCodec {

    /** The protocol this codec speaks. */
    ServingProtocol protocol();

    /**
     * The body for {@code request}, asking the server to stream when {@code stream} is set.
     *
     * @throws UnsupportedOperationException for a feature the protocol cannot carry (tools on TGI, say), naming it
     */
    InvokeRequest encode(ChatRequest request, boolean stream);

    /**
     * The answer in the server's body, without provider and model (the caller knows them).
     *
     * @throws ProtocolMismatchException when the body is not this protocol's, naming the protocol it looks like
     */
    ChatResponse.Builder decode(InvokeResponse response);

    /** A decoder for one streamed answer. */
    StreamDecoder streamDecoder();

    /** The codec for {@code protocol}. */
    static ChatCodec of(ServingProtocol protocol) {
        return Codecs.chat(protocol);
    }
}
