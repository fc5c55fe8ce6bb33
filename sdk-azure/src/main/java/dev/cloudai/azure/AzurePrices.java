package dev.cloudai.azure;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.policy.RequestIdPolicy;
import com.azure.core.http.policy.UserAgentPolicy;
import dev.cloudai.azure.errors.AzureErrorMapper;
import dev.cloudai.azure.pricing.RetailPriceSource;
import dev.cloudai.azure.pricing.Throttling;
import dev.cloudai.spi.LazyClients;
import dev.cloudai.spi.PriceSource;
import dev.cloudai.spi.ProviderConfig;

import java.net.URI;
import java.util.function.Supplier;

/**
 * Builds the Azure price source from {@code cloudai.azure.prices-endpoint} alone (default Azure's public endpoint):
 * the Retail Prices API needs no credential, so none of the keys calls need is read. The connection pool is built
 * with the first request, not here, and the pipeline has no retry policy ({@link Throttling} retries).
 *
 * <pre>{@code
 * PriceSource azure = AzurePrices.source("azure", config);   // what AzureProviderFactory.priceSource returns
 * }</pre>
 */
final class AzurePrices {
    /** A refresh sends its requests one at a time. */
    private static final int MAX_CONNECTIONS = 2;

    private AzurePrices() {
    }

    static PriceSource source(String id, ProviderConfig config) {
        return source(id, config, Throttling.DEFAULT);
    }

    /** {@link #source(String, ProviderConfig)} with other retry bounds (tests wait without sleeping). */
    static PriceSource source(String id, ProviderConfig config, Throttling throttling) {
        URI endpoint = config.uri(AzureKeys.PRICES_ENDPOINT).orElse(RetailPriceSource.PUBLIC_ENDPOINT);
        LazyClients clients = new LazyClients(id);
        Supplier<AzureClients.Http> connections = clients.add("http",
                () -> AzureClients.httpClient(config.timeout(), MAX_CONNECTIONS));
        HttpClient http = AzureClients.onFirstUse(() -> connections.get().client());
        HttpPipeline pipeline = new HttpPipelineBuilder().httpClient(http)
                .policies(new UserAgentPolicy(), new RequestIdPolicy()).build();
        return new RetailPriceSource(id, pipeline, endpoint, new AzureErrorMapper(id), throttling, clients::close);
    }
}
