package dev.cloudai.micrometer;

import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.azure.AzureCloud;

/** The meters of real calls on the Azure emulator (Azure OpenAI); see {@link CloudMetricsContract}. */
class AzureMetricsTest extends CloudMetricsContract {
    @Override
    protected EmulatedCloud newCloud() {
        return new AzureCloud().serveModels("gpt4o-deployment");   // the deployment name these tests chat with
    }

    @Override
    protected String chatModel() {
        return "gpt4o-deployment";
    }
}
