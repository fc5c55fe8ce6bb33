/**
 * Google Cloud's price source for a catalog refresh ({@link dev.cloudai.gcp.pricing.GcpPriceSource}): the Cloud Billing
 * Catalog API's Vertex AI, Compute Engine and Cloud TPU SKUs, composed into per-machine-type prices. Internal to the
 * gcp adapter: users reach it through {@code GcpProviderFactory.priceSource} and {@code cloudai catalog refresh}.
 */
package dev.cloudai.gcp.pricing;
