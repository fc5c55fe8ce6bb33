/**
 * The catalog refresh behind {@code dev.cloudai.CatalogRefresh}: {@link dev.cloudai.internal.refresh.SourceRunner}
 * asks every cloud's {@code PriceSource} at once, each failure kept to its cloud, and
 * {@link dev.cloudai.internal.refresh.PriceMerge} merges the prices into the base catalog's rows. Not API: anything
 * here may change without notice.
 */
package dev.cloudai.internal.refresh;
