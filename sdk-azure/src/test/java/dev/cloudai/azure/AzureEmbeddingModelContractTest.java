package dev.cloudai.azure;

import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.azure.AzureCloud;
import dev.cloudai.testkit.contract.EmbeddingModelContract;

/** The shared embeddings contract, against the Azure emulator: one request embeds every input. */
class AzureEmbeddingModelContractTest extends EmbeddingModelContract {
    @Override
    protected EmulatedCloud newCloud() {
        return new AzureCloud();
    }

    @Override
    protected String embeddingModel() {
        return "text-embedding-3-small";
    }
}
