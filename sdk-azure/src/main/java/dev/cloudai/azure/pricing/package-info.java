/**
 * Azure's prices for a catalog refresh ({@code cloudai catalog refresh}), from the public Retail Prices API:
 * {@link dev.cloudai.azure.pricing.RetailPriceSource}. Not API: users reach it through
 * {@code AzureProviderFactory.priceSource(config)}.
 */
package dev.cloudai.azure.pricing;
