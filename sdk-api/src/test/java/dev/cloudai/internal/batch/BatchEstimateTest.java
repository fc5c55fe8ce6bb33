package dev.cloudai.internal.batch;

import dev.cloudai.batch.BatchEstimate;
import dev.cloudai.batch.BatchItem;
import dev.cloudai.batch.BatchKind;
import dev.cloudai.batch.BatchRequest;
import dev.cloudai.errors.UnavailableException;
import dev.cloudai.fake.FakeBatchPlatform;
import dev.cloudai.fake.FakeCloudException;
import dev.cloudai.internal.pipeline.CallPipeline;
import dev.cloudai.internal.pipeline.FakeTimer;
import dev.cloudai.invocation.CallCost;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.pricing.ModelPrice;
import dev.cloudai.pricing.PriceTable;
import dev.cloudai.spi.HttpErrors;
import dev.cloudai.errors.ErrorInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The arithmetic of an estimate on the real providers' ids, with the built-in price table: about four characters per
 * token, the on-demand input price times the provider's published batch discount, nothing when no price is known;
 * and the staging file in a directory of the test's own, gone whatever ends the submit.
 */
class BatchEstimateTest {

    private static ResilientBatches batches(String providerId, FakeBatchPlatform platform, PriceTable prices, Path staging) {
        CallPipeline pipeline = CallPipeline.builder(providerId, (op, e) -> e instanceof FakeCloudException f
                ? HttpErrors.fromStatus(ErrorInfo.builder(providerId, op).httpStatus(503).build(), f.getMessage(), null, f)
                : HttpErrors.fromTransport(ErrorInfo.builder(providerId, op).build(), e)).timer(new FakeTimer()).build();
        return new ResilientBatches(platform, pipeline, Function.identity(), Duration.ofMillis(1), () -> prices, staging);
    }

    /** {@code n} chat items of exactly {@code chars} characters each. */
    private static BatchRequest chats(String model, int n, int chars) {
        List<BatchItem> items = new ArrayList<>();
        for (int i = 0; i < n; i++) items.add(BatchItem.chat("t-" + i, ChatRequest.ofUser("x".repeat(chars))));
        return BatchRequest.builder(BatchKind.CHAT, model).items(items).build();
    }

    @ParameterizedTest(name = "{0} {1}: {4} USD")
    @CsvSource({
            // provider, model, items, characters each, expected USD: tokens x on-demand input price x 0.5
            "aws,   anthropic.claude-3-haiku-20240307-v1:0,    1000, 400, 0.0125",   // 100,000 tokens x $0.25/M x 0.5
            "aws,   us.anthropic.claude-3-haiku-20240307-v1:0, 1000, 400, 0.0125",   // a profile priced as its base model
            "gcp,   gemini-2.0-flash-001,                       500, 401, 0.0037875", // 101 tokens each: 50,500 x $0.15/M x 0.5
            "azure, gpt-4o,                                       10,   4, 0.0000125" // 10 tokens x $2.50/M x 0.5
    })
    void theCostIsTheEstimatedInputTokensAtHalfTheOnDemandInputPrice(String provider, String model, int n, int chars,
                                                                       String usd) {
        BatchEstimate e = batches(provider, new FakeBatchPlatform(), PriceTable.builtIn(), null).estimate(chats(model, n, chars));
        assertEquals(n, e.records());
        assertEquals((long) n * ((chars + 3) / 4), e.inputTokens());
        CallCost cost = e.cost().orElseThrow();
        assertEquals(0, new BigDecimal(usd).compareTo(cost.totalUsd()), () -> "cost " + cost);
        assertEquals(0, BigDecimal.ZERO.compareTo(cost.outputUsd()), "output tokens are unknown before the job runs");
        assertTrue(cost.source().contains("at the published batch discount (50% of on-demand, https://"), cost.source());
    }

    @Test
    void aModelWithoutAPriceRowHasNoCost() {
        BatchEstimate e = batches("aws", new FakeBatchPlatform(), PriceTable.builtIn(), null).estimate(chats("meta.llama-unpriced", 3, 8));
        assertEquals(6, e.inputTokens());
        assertEquals(Optional.empty(), e.cost());
    }

    @Test
    void aProviderWithoutAPublishedBatchDiscountHasNoCostEvenWithAnOnDemandPrice() {
        PriceTable prices = PriceTable.of(List.of(new ModelPrice("oracle", "cohere.command", new BigDecimal("1.00"),
                Optional.empty(), Optional.empty(), Optional.empty(), "https://example.com", LocalDate.of(2026, 12, 1), "")));
        assertEquals(Optional.empty(), batches("oracle", new FakeBatchPlatform(), prices, null)
                .estimate(chats("cohere.command", 3, 8)).cost());
    }

    @Test
    void aJobOfMoreTokensThanAnIntHoldsIsPricedExactly() {
        long tokens = 3_000_000_000L;
        CallCost c = BatchPrices.inputCost(PriceTable.builtIn(), "azure", "gpt-4o", tokens).orElseThrow();
        assertEquals(0, new BigDecimal("3750").compareTo(c.totalUsd()), c.toString());   // 3,000 M x $2.50 x 0.5
    }

    @Test
    void embeddingTokensAreTheTextsCharactersOverFour() {
        BatchRequest request = BatchRequest.builder(BatchKind.EMBEDDINGS, "amazon.titan-embed-text-v2:0")
                .add(BatchItem.embedding("d-1", "12345")).add(BatchItem.embedding("d-2", "1234")).build();
        BatchEstimate e = batches("aws", new FakeBatchPlatform(), PriceTable.builtIn(), null).estimate(request);
        assertEquals(2 + 1, e.inputTokens());
        // 3 tokens x $0.02/M x 0.5
        assertEquals(0, new BigDecimal("0.00000003").compareTo(e.cost().orElseThrow().totalUsd()));
    }

    @Test
    void theStagingFileIsGoneAfterASubmitThatSucceedsOrFailsAndAfterAStagingThatFails(@TempDir Path staging) throws IOException {
        FakeBatchPlatform platform = new FakeBatchPlatform();
        ResilientBatches batches = batches("aws", platform, PriceTable.builtIn(), staging);

        batches.submit(chats("m", 2, 4));
        assertEquals(List.of(true), platform.fileExistedAtSubmit);
        assertTrue(platform.submissions.get(0).file().startsWith(staging), "staged in the directory given");
        assertEmpty(staging);

        platform.failSubmit.add(new FakeCloudException(503, "ServiceUnavailable", "r", null));
        assertThrows(UnavailableException.class, () -> batches.submit(chats("m", 2, 4)));
        assertEmpty(staging);

        BatchRequest repeated = BatchRequest.builder(BatchKind.CHAT, "m").add(BatchItem.chat("t", ChatRequest.ofUser("a")))
                .add(BatchItem.chat("t", ChatRequest.ofUser("b"))).build();
        assertThrows(IllegalArgumentException.class, () -> batches.submit(repeated));
        assertEmpty(staging);
        assertEquals(2, platform.submitCalls.get());
    }

    private static void assertEmpty(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.toList(), "files left in " + dir);
        }
    }
}
