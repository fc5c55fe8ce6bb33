package dev.cloudai.spi;

/**
 * One cloud's price API, read by a catalog refresh ({@code cloudai catalog refresh}): the AWS Price List, Google's
 * Cloud Billing Catalog, Azure's Retail Prices. A {@link ProviderFactory} makes it with
 * {@link ProviderFactory#priceSource(ProviderConfig)}, from the same keys as its provider (endpoint override,
 * credentials, region), but without needing what only calls need.
 *
 * <p>A source only prices: the refresh owns the hardware facts (the instance shapes of the catalog it refreshes) and
 * merges the points a source returns into rows. A source pages through the API itself, retries a throttled page a
 * few times with backoff (it runs outside the call pipeline: a refresh is a batch job, not a user's call), and
 * reports what it could not fetch in {@link PriceSheet#problems()} rather than failing the whole fetch.
 *
 * <pre>{@code
 * try (PriceSource aws = factory.priceSource(config).orElseThrow()) {
 *     PriceSheet sheet = aws.fetch(PriceQuery.of(catalog.offers(), Set.of("us-east-1"), LocalDate.now()));
 *     sheet.points().forEach(p -> System.out.println(p.instanceType() + " " + p.model() + " $" + p.usdPerHour()));
 * }
 * }</pre>
 */
public interface PriceSource extends AutoCloseable {

    /** The cloud this source prices: {@code aws}, {@code gcp} or {@code azure}, as in the catalog's cloud column. */
    String cloud();

    /**
     * Fetches the current prices the query asks for. Blocking; may take many requests (every page of the API).
     *
     * @throws dev.cloudai.errors.CloudAiException only when nothing at all could be fetched (no credentials, the API
     *                                             unreachable after retries); a partial failure is a problem in the
     *                                             sheet
     */
    PriceSheet fetch(PriceQuery query);

    /** Releases the source's clients. */
    @Override
    void close();
}
