/**
 * The Azure adapter: {@link dev.cloudai.azure.AzureProviderFactory}, provider id {@code azure}. Everything else in
 * {@code dev.cloudai.azure.*} is the adapter's inside.
 */
package dev.cloudai.azure;
