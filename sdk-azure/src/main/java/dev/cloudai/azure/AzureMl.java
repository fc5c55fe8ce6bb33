package dev.cloudai.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import dev.cloudai.azure.deployment.AzureMlEndpoints;
import dev.cloudai.azure.errors.AzureErrorMapper;
import dev.cloudai.spi.EndpointPlatform;
import dev.cloudai.spi.ProviderConfig;

import java.net.URI;
import java.util.function.Supplier;

/**
 * Builds the Azure ML side on first use: the workspace keys are required then (not at start-up, so an application
 * that only chats needs none of them), the management plane is {@code cloudai.azure.ml-endpoint} or Azure's
 * public cloud.
 */
final class AzureMl {
    static final URI PUBLIC_CLOUD = URI.create("https://management.azure.com");

    private AzureMl() {
    }

    static EndpointPlatform endpoints(String id, ProviderConfig config, HttpClient http, Supplier<TokenCredential> credential,
                                      AzureErrorMapper mapper) {
        String subscription = config.require(AzureKeys.SUBSCRIPTION_ID);
        String resourceGroup = config.require(AzureKeys.RESOURCE_GROUP);
        String workspace = config.require(AzureKeys.WORKSPACE);
        URI management = config.uri(AzureKeys.ML_ENDPOINT).orElse(PUBLIC_CLOUD);
        return new AzureMlEndpoints(id, config, AzureClients.armPipeline(http, management, credential),
                AzureClients.scoringPipeline(http), mapper, management.toString(), subscription, resourceGroup, workspace);
    }
}
