package dev.cloudai.aws;

import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.aws.AwsCloud;
import dev.cloudai.testkit.contract.RichChatContract;

/** The rich-chat contract against the AWS emulator: Converse and ConverseStream through the real AWS SDK clients. */
class AwsRichChatContractTest extends RichChatContract {
    private static final String THINKING_MODEL = "anthropic.claude-3-7-sonnet-20250219-v1:0";

    @Override
    protected EmulatedCloud newCloud() {
        return new AwsCloud().serveModels(THINKING_MODEL);
    }

    /** A Claude model: reasoning on Bedrock is Anthropic's extended thinking, which other families refuse. */
    @Override
    protected String chatModel() {
        return "anthropic.claude-3-haiku-20240307-v1:0";
    }

    @Override
    protected String reasoningModel() {
        return THINKING_MODEL;
    }

    /** Converse's usage has no reasoning-token count. */
    @Override
    protected boolean reportsReasoningTokens() {
        return false;
    }
}
