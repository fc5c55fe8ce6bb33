package dev.cloudai.aws.pricing;

import dev.cloudai.aws.errors.AwsResponseFormatException;
import software.amazon.awssdk.services.pricing.PricingClient;
import software.amazon.awssdk.services.pricing.model.Filter;
import software.amazon.awssdk.services.pricing.model.FilterType;
import software.amazon.awssdk.services.pricing.model.GetProductsRequest;
import software.amazon.awssdk.services.pricing.model.GetProductsResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The Price List Query API's {@code GetProducts}
 * (https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_pricing_GetProducts.html): every product
 * of a service that matches all the filters, 100 a page (the API's maximum), read into {@link PriceListProduct}s.
 * Only {@code TERM_MATCH} filters are used, one value each, as documented.
 *
 * <pre>{@code
 * PriceList.Products r = new PriceList(clients.pricing(), retry).products("AmazonSageMaker",
 *         List.of(PriceList.term("regionCode", "us-east-1"), PriceList.term("platoinstancetype", "Hosting")));
 * r.products();     // every page's products
 * r.unreadable();   // products whose JSON could not be read, skipped
 * }</pre>
 */
final class PriceList {
    /** The most products {@code GetProducts} returns in one page. */
    static final int PAGE_SIZE = 100;
    /** The only format version {@code GetProducts} has. */
    static final String FORMAT_VERSION = "aws_v1";

    private final PricingClient client;
    private final ThrottleRetry retry;

    PriceList(PricingClient client, ThrottleRetry retry) {
        this.client = Objects.requireNonNull(client, "client");
        this.retry = Objects.requireNonNull(retry, "retry");
    }

    /** The products read, and how many could not be read (skipped). */
    record Products(List<PriceListProduct> products, int unreadable) {
    }

    /** A {@code TERM_MATCH} filter: the products whose attribute {@code field} is {@code value}. */
    static Filter term(String field, String value) {
        return Filter.builder().type(FilterType.TERM_MATCH).field(field).value(value).build();
    }

    /** Whether {@code product} has the attribute a {@code TERM_MATCH} filter asks for, compared as the Price List does, ignoring case. */
    private static boolean matches(PriceListProduct product, Filter filter) {
        return filter.field().equals("ServiceCode")
                || product.attribute(filter.field()).filter(v -> v.equalsIgnoreCase(filter.value())).isPresent();
    }

    /**
     * Every product of {@code serviceCode} that matches all {@code filters}.
     *
     * @throws ThrottleRetry.GaveUp when a page fails
     */
    Products products(String serviceCode, List<Filter> filters) {
        List<String> jsons = Paging.all(retry, "GetProducts", token -> {
            GetProductsResponse r = client.getProducts(GetProductsRequest.builder().serviceCode(serviceCode).filters(filters)
                    .formatVersion(FORMAT_VERSION).maxResults(PAGE_SIZE).nextToken(token).build());
            return new Paging.Page<>(r.priceList(), r.nextToken());
        });
        List<PriceListProduct> products = new ArrayList<>(jsons.size());
        int unreadable = 0;
        for (String json : jsons) {
            try {
                PriceListProduct product = PriceListProduct.parse(json);
                // the API applies the filters; a product it let through that fails one would be priced as what it is not
                if (filters.stream().allMatch(f -> matches(product, f))) products.add(product);
            } catch (AwsResponseFormatException e) {
                unreadable++;
            }
        }
        return new Products(products, unreadable);
    }
}
