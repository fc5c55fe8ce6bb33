package dev.cloudai.azure;

import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.azure.AzureCloud;
import dev.cloudai.testkit.contract.ChatStreamTck;

import java.util.List;

/**
 * The Reactive Streams TCK on an Azure OpenAI chat stream ({@code AzureChatModel.stream}: the server-sent events of a
 * streamed chat completion read through azure-core and Reactor): n - 1 content deltas, then {@code stop}, usage and
 * {@code [DONE]} (chunk shapes from the Azure OpenAI inference REST specification 2024-10-21).
 */
public class AzureChatStreamTckTest extends ChatStreamTck {
    @Override
    protected EmulatedCloud newCloud() {
        return new AzureCloud();
    }

    @Override
    protected void serveStream(EmulatedCloud cloud, List<String> deltas) {
        ((AzureCloud) cloud).streamAnswer(deltas);
    }
}
