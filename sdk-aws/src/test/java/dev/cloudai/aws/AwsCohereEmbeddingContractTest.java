package dev.cloudai.aws;

import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.aws.AwsCloud;
import dev.cloudai.testkit.contract.EmbeddingModelContract;

/** The embeddings contract with Cohere Embed v3 on Bedrock, which embeds a batch per InvokeModel request. */
class AwsCohereEmbeddingContractTest extends EmbeddingModelContract {
    @Override
    protected EmulatedCloud newCloud() {
        return new AwsCloud();
    }

    @Override
    protected String embeddingModel() {
        return "cohere.embed-english-v3";
    }

    /** A Cohere Embed id (the adapter sends Cohere's JSON for it) that Bedrock does not have. */
    @Override
    protected String unknownEmbeddingModel() {
        return "cohere.embed-no-such-model-v3";
    }
}
