package dev.cloudai.gcp;

import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.gcp.GcpCloud;
import dev.cloudai.testkit.contract.BatchContract;

import java.util.Map;

/**
 * The batch contract through {@code CloudAi.batches()} against the GCP emulator: Vertex AI batch prediction jobs for
 * Gemini chat and text-embedding-005 over the emulated JobService, with input and output in the emulated Cloud Storage.
 */
class GcpBatchContractTest extends BatchContract {

    @Override
    protected EmulatedCloud newCloud() {
        return new GcpCloud();
    }

    @Override
    protected String batchChatModel() {
        return "gemini-2.0-flash-001";
    }

    @Override
    protected String batchEmbeddingModel() {
        return "text-embedding-005";
    }

    @Override
    protected Map<String, String> batchSettings() {
        return Map.of();
    }

    @Override
    protected String unknownJobId() {
        return "projects/emulator-project/locations/us-central1/batchPredictionJobs/999999999";
    }
}
