package dev.cloudai.aws;

import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.aws.AwsCloud;
import dev.cloudai.testkit.contract.BatchContract;

import java.util.Map;

/**
 * The batch contract through {@code CloudAi.batches()} against the AWS emulator: Bedrock batch inference jobs whose
 * input and output live in the emulator's S3, Amazon Nova Lite (its messages-v1 body) for chat and Titan v2 for
 * embeddings. The emulator's properties already carry {@code cloudai.aws.batch-bucket} and
 * {@code cloudai.aws.batch-role}.
 */
class AwsNovaBatchContractTest extends BatchContract {

    @Override
    protected EmulatedCloud newCloud() {
        return new AwsCloud();
    }

    @Override
    protected String batchChatModel() {
        return "amazon.nova-lite-v1:0";
    }

    @Override
    protected String batchEmbeddingModel() {
        return "amazon.titan-embed-text-v2:0";
    }

    @Override
    protected Map<String, String> batchSettings() {
        return Map.of();
    }

    @Override
    protected String unknownJobId() {
        return "arn:aws:bedrock:us-east-1:123456789012:model-invocation-job/nosuchjob000";
    }

    /** The built-in price table has no Amazon Nova row (no cited source yet), so Nova items come back without a cost. */
    @Override
    protected boolean batchChatModelPriced() {
        return false;
    }
}
