package dev.cloudai.spi;

import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ContentPart;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** One cloud's inline media limits, checked before anything is sent, naming the part that is over them. */
class ChatLimitsTest {
    /** Limits of the shape a cloud publishes; small sizes keep the test's arrays small. */
    static final ChatLimits LIMITS = ChatLimits.builder("aws")
            .images(Set.of("image/png", "image/jpeg"), 1_500_000, 2)
            .documents(Set.of("application/pdf"), 2_000_000, 1)
            .maxInlineBytes(3_000_000)
            .build();

    static ContentPart png(int bytes) {
        return ContentPart.image(new byte[bytes], "image/png");
    }

    static ContentPart pdf(int bytes) {
        return ContentPart.document(new byte[bytes], "application/pdf", "report.pdf");
    }

    private static IllegalArgumentException refused(ChatLimits limits, ChatRequest request) {
        return assertThrows(IllegalArgumentException.class, () -> limits.check(request));
    }

    @Test
    void aTextOnlyRequestPasses() {
        LIMITS.check(ChatRequest.builder().system("Be brief").user("Hi").assistant("Hello").user("Bye").build());
        ChatLimits.builder("gcp").build().check(ChatRequest.ofUser("Hi"));
    }

    @Test
    void requestsWithinTheLimitsPass() {
        LIMITS.check(ChatRequest.builder().user(ContentPart.text("Compare"), png(1_500_000), pdf(1_000)).build());
    }

    @Test
    void anImageTypeTheCloudRefusesNamesThePart() {
        ChatRequest r = ChatRequest.builder().user("first").assistant("ok")
                .user(ContentPart.text("look"), ContentPart.image(new byte[10], "image/gif")).build();
        assertEquals("messages[2].parts[1]: aws does not take images of type image/gif; use one of [image/jpeg,"
                + " image/png]", refused(LIMITS, r).getMessage());
    }

    @Test
    void anImageOverTheSizeLimitGivesMegabytes() {
        ChatRequest r = ChatRequest.builder().user(png(1_500_001)).build();
        assertEquals("messages[0].parts[0]: image of 1.50 MB (1,500,001 bytes) is over aws's limit of 1.50 MB"
                + " (1,500,000 bytes) per image",
                refused(LIMITS, r).getMessage());
        ChatRequest big = ChatRequest.builder().user(ContentPart.text("x"), pdf(2_345_678)).build();
        assertEquals("messages[0].parts[1]: document of 2.35 MB (2,345,678 bytes) is over aws's limit of 2.00 MB"
                + " (2,000,000 bytes) per document",
                refused(LIMITS, big).getMessage());
    }

    @Test
    void tooManyImagesOrDocumentsNameTheFirstOneOver() {
        ChatRequest images = ChatRequest.builder().user(png(10), png(10)).assistant("ok").user(png(10)).build();
        assertEquals("messages[2].parts[0]: aws takes at most 2 images in one request",
                refused(LIMITS, images).getMessage());
        ChatRequest documents = ChatRequest.builder().user(pdf(10), ContentPart.text("and"), pdf(10)).build();
        assertEquals("messages[0].parts[2]: aws takes at most 1 documents in one request",
                refused(LIMITS, documents).getMessage());
    }

    @Test
    void theInlineTotalIsLimited() {
        ChatRequest r = ChatRequest.builder().user(png(1_400_000), png(1_400_000), pdf(300_000)).build();
        assertEquals("messages[0].parts[2]: the request's images and documents come to 3.10 MB (3,100,000 bytes), over"
                + " aws's limit of 3.00 MB (3,000,000 bytes) inline", refused(LIMITS, r).getMessage());
    }

    @Test
    void documentsWhereTheCloudTakesNoneNameTheAlternative() {
        ChatLimits azure = ChatLimits.builder("azure").images(Set.of("image/png"), 20_000_000, 10)
                .noDocuments("send the document's text, or use an Azure AI Document Intelligence extraction first")
                .build();
        ChatRequest r = ChatRequest.builder().user(ContentPart.text("Summarize"), pdf(10)).build();
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> azure.check(r));
        assertEquals("messages[0].parts[1]: a document (report.pdf) is not supported by provider azure; send the"
                + " document's text, or use an Azure AI Document Intelligence extraction first", e.getMessage());
        UnsupportedOperationException byDefault = assertThrows(UnsupportedOperationException.class,
                () -> ChatLimits.builder("gcp").build().check(r));
        assertEquals("messages[0].parts[1]: a document (report.pdf) is not supported by provider gcp; send the"
                + " document's text instead", byDefault.getMessage());
    }

    @Test
    void imagesWhereTheCloudTakesNoneAreUnsupported() {
        ChatRequest r = ChatRequest.builder().user(png(10)).build();
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> ChatLimits.builder("gcp").build().check(r));
        assertEquals("messages[0].parts[0]: an image is not supported by provider gcp; send text instead", e.getMessage());
        ChatLimits noDocumentTypes = ChatLimits.builder("gcp").documents(Set.of(), 10, 1).build();
        UnsupportedOperationException doc = assertThrows(UnsupportedOperationException.class,
                () -> noDocumentTypes.check(ChatRequest.builder().user(pdf(5)).build()));
        assertEquals("messages[0].parts[0]: a document is not supported by provider gcp; send text instead",
                doc.getMessage());
    }

    @Test
    void unsupportedNamesFeatureProviderAndAlternative() {
        assertEquals("reasoning is not supported by provider azure; use an o-series deployment",
                ChatLimits.unsupported("azure", "reasoning", "use an o-series deployment").getMessage());
    }

    @Test
    void theBuilderRefusesLimitsThatMeanNothing() {
        assertEquals("maxBytes: must be positive, was 0", assertThrows(IllegalArgumentException.class,
                () -> ChatLimits.builder("aws").images(Set.of("image/png"), 0, 1)).getMessage());
        assertEquals("maxCount: must be positive, was -1", assertThrows(IllegalArgumentException.class,
                () -> ChatLimits.builder("aws").documents(Set.of("application/pdf"), 1, -1)).getMessage());
        assertEquals("types: must not be null", assertThrows(NullPointerException.class,
                () -> ChatLimits.builder("aws").images(null, 1, 1)).getMessage());
        assertEquals("provider: must not be blank", assertThrows(IllegalArgumentException.class,
                () -> ChatLimits.builder(" ")).getMessage());
    }
}
