package dev.cloudai.aws;

import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.aws.AwsCloud;
import dev.cloudai.testkit.contract.EmbeddingModelContract;

/** The embeddings contract with Amazon Titan Text Embeddings v2, which embeds one text per InvokeModel request. */
class AwsTitanEmbeddingContractTest extends EmbeddingModelContract {
    @Override
    protected EmulatedCloud newCloud() {
        return new AwsCloud();
    }

    @Override
    protected String embeddingModel() {
        return "amazon.titan-embed-text-v2:0";
    }

    @Override
    protected int requestsToEmbed(int inputs) {
        return inputs;
    }

    /** A Titan v2 id (the adapter sends Titan's JSON for it) of a version Bedrock does not have. */
    @Override
    protected String unknownEmbeddingModel() {
        return "amazon.titan-embed-text-v2:9";
    }
}
