package dev.cloudai.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import dev.cloudai.azure.errors.AzureErrorMapper;
import dev.cloudai.deployment.Endpoints;
import dev.cloudai.spi.ProviderConfig;

import java.util.function.Supplier;

/** Builds the Azure ML side: the management-plane and scoring pipelines, and the endpoints over them. */
final class AzureMl {
    private AzureMl() {
    }

    static Endpoints endpoints(String id, ProviderConfig config, HttpClient http, Supplier<TokenCredential> credential,
                               AzureErrorMapper mapper) {
        throw new UnsupportedOperationException("Provider '" + id + "' does not offer endpoint deployment yet");
    }
}
