package dev.cloudai.testkit.testcloud;

import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.contract.EmbeddingModelContract;

/** The EmbeddingModel contract, end to end against testcloud: config, discovery, pipeline, HTTP, WireMock. */
class TestCloudEmbeddingModelContractTest extends EmbeddingModelContract {
    @Override
    protected EmulatedCloud newCloud() {
        return new TestCloud();
    }
}
