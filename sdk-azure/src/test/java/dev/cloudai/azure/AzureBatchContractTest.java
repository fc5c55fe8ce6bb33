package dev.cloudai.azure;

import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.azure.AzureCloud;
import dev.cloudai.testkit.contract.BatchContract;

import java.util.Map;

/**
 * The batch contract through {@code CloudAi.batches()} against the Azure emulator's files and batches API: a chat
 * job with a failed line, cancel, a second client resuming, a throttled status read. Azure OpenAI runs no embedding
 * jobs, so the embedding case checks that one is refused before any request.
 */
class AzureBatchContractTest extends BatchContract {
    private static final String DEPLOYMENT = "gpt4o-batch";

    @Override
    protected EmulatedCloud newCloud() {
        return new AzureCloud().serveModels(DEPLOYMENT);
    }

    @Override
    protected String batchChatModel() {
        return DEPLOYMENT;
    }

    @Override
    protected String batchEmbeddingModel() {
        return "text-embedding-3-small";
    }

    @Override
    protected boolean embeddingsInBatch() {
        return false;
    }

    @Override
    protected Map<String, String> batchSettings() {
        return Map.of();
    }

    @Override
    protected String unknownJobId() {
        return "batch_00000000-0000-0000-0000-000000000000";
    }

    /**
     * A batch deployment has a name of its own ({@code gpt4o-batch}), which no built-in price row has, and the answers
     * name no priced model either, so items come back without a cost, as live calls on such a deployment do.
     */
    @Override
    protected boolean batchChatModelPriced() {
        return false;
    }
}
