package dev.cloudai.internal.serving;

import dev.cloudai.deployment.ServingProtocol;
import dev.cloudai.invocation.Embedding;
import dev.cloudai.invocation.EmbeddingRequest;
import dev.cloudai.invocation.TokenUsage;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static dev.cloudai.internal.serving.Fixtures.response;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** OpenAI embeddings and TEI's /embed, per the OpenAI API reference and the TEI API reference. */
class EmbeddingCodecsTest {
    private static final EmbeddingCodec OPENAI = EmbeddingCodec.of(ServingProtocol.OPENAI_EMBEDDINGS);
    private static final EmbeddingCodec TEI = EmbeddingCodec.of(ServingProtocol.TEI);
    private static final EmbeddingRequest TWO = EmbeddingRequest.of("first", "second");

    @Test
    void openAiBodyHasInputsDimensionsAndFloatEncoding() {
        assertEquals("{\"input\":[\"first\",\"second\"],\"encoding_format\":\"float\"}",
                OPENAI.encode(TWO).bodyAsString());
        assertEquals("{\"input\":[\"a\"],\"dimensions\":256,\"encoding_format\":\"float\"}",
                OPENAI.encode(EmbeddingRequest.builder().input("a").dimensions(256).build()).bodyAsString());
        assertEquals("application/json", OPENAI.encode(TWO).contentType());
    }

    @Test
    void openAiVectorsAreOrderedByIndexWithTheUsage() {
        // shape from the OpenAI embeddings API reference, "The embedding object" in a list, here out of order
        EmbeddingCodec.Vectors v = OPENAI.decode(response("{\"object\":\"list\",\"data\":["
                + "{\"object\":\"embedding\",\"index\":1,\"embedding\":[0.5,-1.5]},"
                + "{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.25,2]}],"
                + "\"model\":\"BAAI/bge-m3\",\"usage\":{\"prompt_tokens\":4,\"total_tokens\":4}}"), TWO);
        assertEquals(List.of(new Embedding(0, new float[] {0.25f, 2f}), new Embedding(1, new float[] {0.5f, -1.5f})),
                v.embeddings());
        assertEquals(Optional.of(new TokenUsage(4, 0)), v.usage());
    }

    @Test
    void aBase64VectorIsReadAsLittleEndianFloats() {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-2f);
        String base64 = Base64.getEncoder().encodeToString(b.array());
        EmbeddingCodec.Vectors v = OPENAI.decode(response("{\"data\":[{\"index\":0,\"embedding\":\"" + base64
                + "\"}]}"), EmbeddingRequest.of("a"));
        assertArrayEquals(new float[] {1.5f, -2f}, v.embeddings().get(0).vector());
        assertEquals(Optional.empty(), v.usage());
    }

    @Test
    void fewerVectorsThanInputsAreRefused() {
        ProtocolMismatchException e = assertThrows(ProtocolMismatchException.class, () -> OPENAI.decode(response(
                "{\"data\":[{\"index\":0,\"embedding\":[1]}]}"), TWO));
        assertTrue(e.getMessage().contains("1 vectors for 2 inputs"), e.getMessage());
    }

    @Test
    void openAiDecodingTeiVectorsIsAMismatchNamingTei() {
        ProtocolMismatchException e = assertThrows(ProtocolMismatchException.class,
                () -> OPENAI.decode(response("[[0.1,0.2],[0.3,0.4]]"), TWO));
        assertEquals(Optional.of(ServingProtocol.TEI), e.lookedLike());
        assertTrue(e.getMessage().contains("ServingProtocol.TEI"), e.getMessage());
    }

    @Test
    void openAiEmbeddingsErrorBodyIsTheServersError() {
        assertEquals(400, assertThrows(ServerErrorException.class, () -> OPENAI.decode(response(
                "{\"object\":\"error\",\"message\":\"too long\",\"type\":\"BadRequestError\",\"param\":null,"
                        + "\"code\":400}"), TWO)).code().orElseThrow());
    }

    @Test
    void teiBodyAsksForUnitVectorsAndNoSilentTruncation() {
        assertEquals("{\"inputs\":[\"first\",\"second\"],\"normalize\":true,\"truncate\":false}",
                TEI.encode(TWO).bodyAsString());
    }

    @Test
    void teiRefusesDimensionsNamingTheSetting() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> TEI.encode(EmbeddingRequest.builder().input("a").dimensions(64).build()));
        assertTrue(e.getMessage().startsWith("dimensions is not supported by provider tei"), e.getMessage());
        assertTrue(e.getMessage().contains("OPENAI_EMBEDDINGS"), e.getMessage());
    }

    @Test
    void teiVectorsAreReadInInputOrderWithoutUsage() {
        // shape from the TEI API reference, POST /embed: an array of vectors
        EmbeddingCodec.Vectors v = TEI.decode(response("[[0.038483415,-0.00076982786],[0.04496114,-0.039057795]]"), TWO);
        assertEquals(List.of(new Embedding(0, new float[] {0.038483415f, -0.00076982786f}),
                new Embedding(1, new float[] {0.04496114f, -0.039057795f})), v.embeddings());
        assertEquals(Optional.empty(), v.usage());
    }

    @Test
    void teiDecodingAnOpenAiListIsAMismatchNamingOpenAiEmbeddings() {
        ProtocolMismatchException e = assertThrows(ProtocolMismatchException.class, () -> TEI.decode(response(
                "{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.1]}]}"),
                EmbeddingRequest.of("a")));
        assertEquals(Optional.of(ServingProtocol.OPENAI_EMBEDDINGS), e.lookedLike());
    }

    @Test
    void teiDecodingAChatAnswerNamesTheChatProtocol() {
        assertEquals(Optional.of(ServingProtocol.TGI), assertThrows(ProtocolMismatchException.class,
                () -> TEI.decode(response("[{\"generated_text\":\"x\"}]"), EmbeddingRequest.of("a"))).lookedLike());
    }

    @Test
    void teiErrorBodyIsTheServersErrorAndAnUnknownShapeLooksLikeNothing() {
        // shape from the TEI API reference: {"error":..,"error_type":..}
        assertThrows(ServerErrorException.class, () -> TEI.decode(response(
                "{\"error\":\"Batch size error\",\"error_type\":\"validation\"}"), TWO));
        ProtocolMismatchException e = assertThrows(ProtocolMismatchException.class,
                () -> TEI.decode(response("{\"vectors\":\"private\"}"), TWO));
        assertEquals(Optional.empty(), e.lookedLike());
        assertFalse(e.getMessage().contains("private"), e.getMessage());
    }

    @Test
    void eachProtocolHasItsCodecAndTheOtherKindIsRefused() {
        assertEquals(ServingProtocol.TEI, TEI.protocol());
        assertEquals(ServingProtocol.OPENAI_EMBEDDINGS, OPENAI.protocol());
        assertEquals(ServingProtocol.TGI, ChatCodec.of(ServingProtocol.TGI).protocol());
        assertThrows(IllegalArgumentException.class, () -> EmbeddingCodec.of(ServingProtocol.OPENAI_CHAT));
        assertThrows(IllegalArgumentException.class, () -> ChatCodec.of(ServingProtocol.TEI));
    }
}
