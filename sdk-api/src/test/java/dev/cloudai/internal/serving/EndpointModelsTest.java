package dev.cloudai.internal.serving;

import dev.cloudai.deployment.DeploymentPlan;
import dev.cloudai.deployment.Endpoint;
import dev.cloudai.deployment.EndpointSpec;
import dev.cloudai.deployment.InvokeRequest;
import dev.cloudai.deployment.InvokeResponse;
import dev.cloudai.deployment.PlatformFacts;
import dev.cloudai.deployment.ServingProtocol;
import dev.cloudai.errors.InvalidRequestException;
import dev.cloudai.spi.EndpointPlatform;
import dev.cloudai.errors.UnavailableException;
import dev.cloudai.errors.UnclassifiedException;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.invocation.EmbeddingRequest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

import static dev.cloudai.internal.serving.Fixtures.response;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The endpoint models over a fake raw invoke: the body sent, the answer read, codec failures mapped. */
class EndpointModelsTest {

    /** Answers every invoke with one body and records what was sent. */
    static final class OneAnswer implements EndpointPlatform {
        final String body;
        final List<InvokeRequest> sent = new ArrayList<>();

        OneAnswer(String body) {
            this.body = body;
        }

        @Override public PlatformFacts facts() { throw new UnsupportedOperationException(); }
        @Override public Endpoint deploy(EndpointSpec spec, DeploymentPlan plan) { throw new UnsupportedOperationException(); }
        @Override public Optional<Endpoint> get(String endpointId) { return Optional.empty(); }
        @Override public List<Endpoint> list() { return List.of(); }
        @Override public void delete(String endpointId) { throw new UnsupportedOperationException(); }

        @Override
        public InvokeResponse invoke(String endpointId, InvokeRequest request) {
            sent.add(request);
            return response(body);
        }

        @Override
        public CompletableFuture<InvokeResponse> invokeAsync(String endpointId, InvokeRequest request) {
            return CompletableFuture.completedFuture(invoke(endpointId, request));
        }
    }

    @Test
    void aChatSendsTheCodecsBodyAndNamesProviderModelAndRequestId() {
        OneAnswer raw = new OneAnswer("[{\"generated_text\":\"Hi\",\"details\":{\"finish_reason\":\"eos_token\","
                + "\"generated_tokens\":1,\"input_length\":2}}]");
        ChatResponse r = new EndpointChatModel(raw, "aws", "my-tgi", ServingProtocol.TGI)
                .chatAsync(ChatRequest.ofUser("Hello")).join();
        assertEquals("{\"inputs\":\"Hello\",\"parameters\":{\"details\":true,\"return_full_text\":false}}",
                raw.sent.get(0).bodyAsString());
        assertEquals("Hi", r.text());
        assertEquals("aws", r.provider());
        assertEquals("my-tgi", r.model());
        assertEquals(Optional.of("req-1"), r.requestId());
    }

    @Test
    void aMismatchIsAnInvalidRequestWithCodeProtocolMismatch() {
        OneAnswer raw = new OneAnswer("[[0.1,0.2]]");
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> new EndpointChatModel(raw, "gcp", "123", ServingProtocol.OPENAI_CHAT).chat(ChatRequest.ofUser("Hi")));
        assertEquals(Optional.of("ProtocolMismatch"), e.providerCode());
        assertTrue(e.getMessage().contains("ServingProtocol.TEI"), e.getMessage());
    }

    @Test
    void aServerErrorBodyIsClassifiedByItsCode() {
        UnavailableException busy = assertThrows(UnavailableException.class, () -> new EndpointChatModel(
                new OneAnswer("{\"object\":\"error\",\"message\":\"busy\",\"code\":503}"), "aws", "e",
                ServingProtocol.OPENAI_CHAT).chat(ChatRequest.ofUser("Hi")));
        assertTrue(busy.isRetryable());
        assertEquals(OptionalInt.of(503), busy.httpStatus());
        InvalidRequestException tooLong = assertThrows(InvalidRequestException.class, () -> new EndpointEmbeddingModel(
                new OneAnswer("{\"object\":\"error\",\"message\":\"too long\",\"code\":400}"), "aws", "e",
                ServingProtocol.OPENAI_EMBEDDINGS).embed(EmbeddingRequest.of("x")));
        assertTrue(tooLong.getMessage().contains("too long"));
        UnclassifiedException tgi = assertThrows(UnclassifiedException.class, () -> new EndpointEmbeddingModel(
                new OneAnswer("{\"error\":\"model crashed\",\"error_type\":\"backend\"}"), "aws", "e",
                ServingProtocol.TEI).embed(EmbeddingRequest.of("x")));
        assertFalse(tgi.isRetryable());
    }
}
