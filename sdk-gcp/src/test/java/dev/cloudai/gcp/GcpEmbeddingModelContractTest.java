package dev.cloudai.gcp;

import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.contract.EmbeddingModelContract;
import dev.cloudai.testkit.gcp.GcpCloud;

/** The embeddings contract against the Vertex AI emulator: Predict on a publisher text-embedding model. */
class GcpEmbeddingModelContractTest extends EmbeddingModelContract {
    @Override
    protected EmulatedCloud newCloud() {
        return new GcpCloud();
    }

    @Override
    protected String embeddingModel() {
        return "text-embedding-005";
    }
}
