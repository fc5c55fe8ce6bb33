package dev.cloudai.azure;

import dev.cloudai.spi.PriceSource;
import dev.cloudai.spi.Provider;
import dev.cloudai.spi.ProviderConfig;
import dev.cloudai.spi.ProviderFactory;

/**
 * The Azure adapter, provider id {@code azure}: Azure OpenAI chat, streaming and embeddings (deployment names as
 * model ids), and Azure ML managed online endpoints. Found by {@link java.util.ServiceLoader}; users only
 * configure it.
 *
 * <pre>{@code
 * cloudai.provider=azure
 * cloudai.azure.endpoint=https://my-resource.openai.azure.com
 * cloudai.azure.api-key=${env:AZURE_OPENAI_API_KEY}        # or none: Microsoft Entra ID via DefaultAzureCredential
 * cloudai.models.default.azure=gpt4o                       # a deployment name
 * # Azure ML online endpoints:
 * cloudai.azure.subscription-id=...   cloudai.azure.resource-group=...   cloudai.azure.workspace=...
 * }</pre>
 */
public final class AzureProviderFactory implements ProviderFactory {
    /** The provider id, as in {@code cloudai.provider=azure}. */
    public static final String ID = "azure";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public java.util.List<dev.cloudai.config.ConfigKeys.Key> keys() {
        return AzureKeys.all();
    }

    @Override
    public java.util.Optional<String> regionKey() {
        return java.util.Optional.of(AzureKeys.LOCATION);
    }

    @Override
    public Provider create(ProviderConfig config) {
        return new AzureProvider(ID, config);
    }

    /**
     * The public Azure Retail Prices API ({@code cloudai.azure.prices-endpoint}, default https://prices.azure.com),
     * for a catalog refresh: needs none of the keys calls need (no Azure OpenAI endpoint, API key or workspace), and
     * sends nothing until its first {@code fetch}. See {@link dev.cloudai.azure.pricing.RetailPriceSource}.
     */
    @Override
    public java.util.Optional<PriceSource> priceSource(ProviderConfig config) {
        return java.util.Optional.of(AzurePrices.source(ID, config));
    }
}
