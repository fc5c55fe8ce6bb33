package dev.cloudai.aws;

/**
 * The batch contract as {@link AwsBatchContractTest} runs it, with Amazon Nova Lite (its messages-v1 body) for chat
 * instead of Claude.
 */
class AwsNovaBatchContractTest extends AwsBatchContractTest {

    @Override
    protected String batchChatModel() {
        return "amazon.nova-lite-v1:0";
    }

    /** The built-in price table has no Amazon Nova row (no cited source yet), so Nova items come back without a cost. */
    @Override
    protected boolean batchChatModelPriced() {
        return false;
    }
}
