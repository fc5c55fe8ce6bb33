package dev.cloudai.azure;

import dev.cloudai.config.ConfigKeys.Capability;
import dev.cloudai.config.ConfigKeys.Key;
import dev.cloudai.config.ConfigKeys.Type;
import dev.cloudai.azure.pricing.RetailPriceSource;

import java.util.List;
import java.util.Optional;

/**
 * The configuration keys of the Azure adapter, declared by {@link AzureProviderFactory#keys()} so that
 * {@code CloudAiConfig} checks them (type, "did you mean" for a typo) at start-up, and hides the API key.
 *
 * <pre>{@code
 * CloudAiConfig.builder().provider("azure").property(AzureKeys.ENDPOINT, "https://my-resource.openai.azure.com").build();
 * }</pre>
 */
public final class AzureKeys {
    /** The Azure OpenAI resource URL. */
    public static final String ENDPOINT = "cloudai.azure.endpoint";
    /** The Azure OpenAI API key, a secret. */
    public static final String API_KEY = "cloudai.azure.api-key";
    /** The subscription of the Azure ML workspace. */
    public static final String SUBSCRIPTION_ID = "cloudai.azure.subscription-id";
    /** The resource group of the Azure ML workspace. */
    public static final String RESOURCE_GROUP = "cloudai.azure.resource-group";
    /** The Azure ML workspace name. */
    public static final String WORKSPACE = "cloudai.azure.workspace";
    /** The region of the Azure ML workspace; what {@code CloudAiConfig.builder().region(...)} sets. */
    public static final String LOCATION = "cloudai.azure.location";
    /** The management-plane URL override (an emulator URL). */
    public static final String ML_ENDPOINT = "cloudai.azure.ml-endpoint";
    /** The Retail Prices API URL a catalog refresh reads Azure's prices from. */
    public static final String PRICES_ENDPOINT = "cloudai.azure.prices-endpoint";

    private static final List<Key> ALL = List.of(
            new Key(ENDPOINT, Type.URL, false, "The Azure OpenAI resource URL, for example https://my-resource.openai.azure.com.")
                    .required(Capability.CHAT, Capability.EMBEDDINGS),
            new Key(API_KEY, Type.TEXT, true,
                    "The Azure OpenAI API key (secret); without it, Microsoft Entra ID through DefaultAzureCredential."),
            new Key(SUBSCRIPTION_ID, Type.TEXT, false, "The Azure subscription of the Azure ML workspace.")
                    .required(Capability.ENDPOINTS),
            new Key(RESOURCE_GROUP, Type.TEXT, false, "The resource group of the Azure ML workspace.")
                    .required(Capability.ENDPOINTS),
            new Key(WORKSPACE, Type.TEXT, false, "The Azure ML workspace name.").required(Capability.ENDPOINTS),
            new Key(LOCATION, Type.TEXT, false,
                    "The Azure region of the Azure ML workspace, for example eastus; deployments are planned and priced there."),
            new Key(ML_ENDPOINT, Type.URL, false, "The Azure management-plane URL override (an emulator URL)."),
            new Key(PRICES_ENDPOINT, Type.URL, false, "The Azure Retail Prices API a catalog refresh reads prices from"
                    + " (public, no credentials); an emulator URL in tests.", Optional.empty(),
                    Optional.of(RetailPriceSource.PUBLIC_ENDPOINT.toString())));

    private AzureKeys() {
    }

    /** Every key, in documentation order. */
    static List<Key> all() {
        return ALL;
    }
}
