package dev.cloudai.internal.batch;

import dev.cloudai.batch.BatchItem;
import dev.cloudai.batch.BatchJob;
import dev.cloudai.batch.BatchKind;
import dev.cloudai.batch.BatchRequest;
import dev.cloudai.batch.BatchResult;
import dev.cloudai.batch.BatchResults;
import dev.cloudai.batch.BatchStatus;
import dev.cloudai.errors.ErrorInfo;
import dev.cloudai.fake.FakeBatchPlatform;
import dev.cloudai.internal.pipeline.CallPipeline;
import dev.cloudai.internal.pipeline.FakeTimer;
import dev.cloudai.invocation.CallCost;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.pricing.PriceTable;
import dev.cloudai.spi.HttpErrors;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What each answered item of a finished job cost: its usage at the model's on-demand prices times the provider's
 * published batch discount, on input and output alike, as a live answer carries its on-demand cost.
 */
class BatchResultCostTest {
    private final FakeBatchPlatform platform = new FakeBatchPlatform();

    private ResilientBatches batches(String providerId) {
        CallPipeline pipeline = CallPipeline.builder(providerId, (op, e) -> HttpErrors.fromTransport(
                ErrorInfo.builder(providerId, op).build(), e)).timer(new FakeTimer()).build();
        return new ResilientBatches(platform, pipeline, Function.identity(), Duration.ofMillis(1), PriceTable::builtIn, null);
    }

    private List<BatchResult> run(ResilientBatches batches, String model) {
        BatchJob job = batches.submit(BatchRequest.builder(BatchKind.CHAT, model)
                .add(BatchItem.chat("a", ChatRequest.ofUser("one"))).add(BatchItem.chat("b", ChatRequest.ofUser("two"))).build());
        platform.force(job.id(), BatchStatus.COMPLETED);
        try (BatchResults results = batches.results(job.id())) {
            return results.stream().toList();
        }
    }

    @Test
    void eachAnsweredItemCarriesItsCostAtHalfTheOnDemandPrices() {
        List<BatchResult> results = run(batches("aws"), "anthropic.claude-3-haiku-20240307-v1:0");

        CallCost cost = results.get(0).chat().orElseThrow().cost().orElseThrow();
        // 3 input tokens x $0.25/M and 2 output tokens x $1.25/M, then half
        assertEquals(0, new BigDecimal("0.000000375").compareTo(cost.inputUsd()), cost::toString);
        assertEquals(0, new BigDecimal("0.00000125").compareTo(cost.outputUsd()), cost::toString);
        assertEquals(0, new BigDecimal("0.000001625").compareTo(cost.totalUsd()), cost::toString);
        assertTrue(cost.source().contains("at the published batch discount (50% of on-demand"), cost.source());
        assertEquals(cost, results.get(1).chat().orElseThrow().cost().orElseThrow());
    }

    @Test
    void aJobOnADeploymentNameIsPricedAsTheModelThatAnswered() {
        platform.answeredBy = "gpt-4o";

        CallCost cost = run(batches("azure"), "my-gpt4o-batch-deployment").get(0).chat().orElseThrow().cost().orElseThrow();

        // 3 x $2.50/M + 2 x $10.00/M, then half
        assertEquals(0, new BigDecimal("0.00001375").compareTo(cost.totalUsd()), cost::toString);
        assertEquals("gpt-4o", cost.pricedModel());
    }

    @Test
    void anUnpricedModelAFailedItemAndAProviderWithoutABatchDiscountHaveNoCost() {
        platform.failIds.add("b");
        List<BatchResult> results = run(batches("aws"), "meta.llama-unpriced");
        assertEquals(Optional.empty(), results.get(0).chat().orElseThrow().cost());
        assertTrue(results.get(1).error().isPresent());

        platform.answeredBy = "gpt-4o";
        assertEquals(Optional.empty(), run(batches("oracle"), "gpt-4o").get(0).chat().orElseThrow().cost());
    }
}
