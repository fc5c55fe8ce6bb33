package dev.cloudai.azure;

import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.azure.AzureCloud;
import dev.cloudai.testkit.contract.CircuitBreakerContract;

/**
 * The circuit-breaker contract against the Azure emulator (Azure OpenAI chat and SSE streams, Azure ML deploys).
 */
class AzureCircuitBreakerTest extends CircuitBreakerContract {
    @Override
    protected EmulatedCloud newCloud() {
        return new AzureCloud().serveModels("gpt4o-deployment");   // the deployment name this test chats with
    }

    @Override
    protected String chatModel() {
        return "gpt4o-deployment";
    }
}
