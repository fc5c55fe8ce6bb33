package dev.cloudai.azure;

import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.azure.AzureCloud;
import dev.cloudai.testkit.contract.InvokeStreamTck;

import java.util.List;

/**
 * The Reactive Streams TCK on an Azure ML online endpoint's response stream (the scoring URI's body as azure-core and
 * Reactor deliver it, bridged to {@code Flow}): n parts, each in an HTTP chunk of its own.
 */
public class AzureMlInvokeStreamTckTest extends InvokeStreamTck {
    @Override
    protected EmulatedCloud newCloud() {
        return new AzureCloud();
    }

    @Override
    protected String instanceType() {
        return "Standard_NC4as_T4_v3";
    }

    @Override
    protected void serveParts(EmulatedCloud cloud, List<String> parts) {
        ((AzureCloud) cloud).streamScoringParts(parts);
    }
}
