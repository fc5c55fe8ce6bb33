package dev.cloudai.aws.pricing;

import dev.cloudai.accelerator.PricingModel;
import dev.cloudai.spi.PriceQuery;
import software.amazon.awssdk.services.pricing.model.Filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The on-demand prices of SageMaker real-time inference instances, from the Price List's {@code AmazonSageMaker}
 * products: product family {@code ML Instance} whose {@code platoinstancetype} is {@code Hosting} (the usage type
 * {@code USE1-Host:ml.g5.xlarge}; training, notebooks, batch transform and the rest have other values), one query per
 * region asked ({@code regionCode}), or one for every region when the query names none. The instance type is the
 * product's {@code instanceName}, else its {@code instanceType}, else the part of its usage type after the colon.
 *
 * <pre>{@code
 * new SageMakerHostingPrices(priceList, query, shapes.sageMaker(), sheet).fetch(Optional.of("us-east-1"));
 * // sheet: PricePoint("sagemaker", "us-east-1", "ml.g5.xlarge", ON_DEMAND, 1.408, "AWS Price List AmazonSageMaker SKU ...")
 * }</pre>
 *
 * <p>Why a query per region and not per instance type: a region's hosting products are a few hundred, two or three
 * pages, while a catalog prices dozens of SageMaker instance types; {@code TERM_MATCH} takes one value per filter.
 */
final class SageMakerHostingPrices {
    static final String SERVICE_CODE = "AmazonSageMaker";

    private final PriceList priceList;
    private final PriceQuery query;
    private final Set<String> instanceTypes;
    private final SheetBuilder sheet;

    SageMakerHostingPrices(PriceList priceList, PriceQuery query, Set<String> instanceTypes, SheetBuilder sheet) {
        this.priceList = priceList;
        this.query = query;
        this.instanceTypes = instanceTypes;
        this.sheet = sheet;
    }

    /** The filters of one query: {@code region} empty for every region. */
    static List<Filter> filters(Optional<String> region) {
        List<Filter> filters = new ArrayList<>(List.of(PriceList.term("productFamily", "ML Instance"),
                PriceList.term("platoinstancetype", "Hosting")));
        region.ifPresent(r -> filters.add(PriceList.term("regionCode", r)));
        return filters;
    }

    /** Fetches one region's hosting prices (every region's when {@code region} is empty) into the sheet. */
    void fetch(Optional<String> region) {
        PriceList.Products result = priceList.products(SERVICE_CODE, filters(region));
        int noRegion = 0;
        for (PriceListProduct product : result.products()) {
            Optional<String> type = instanceType(product);
            if (type.isEmpty() || !instanceTypes.contains(type.get())) continue;
            Optional<String> productRegion = product.attribute("regionCode");
            if (productRegion.isEmpty()) {
                noRegion++;
                continue;
            }
            if (!query.wants(productRegion.get())) continue;
            if (product.onDemandHourlyUsd().isPresent()) {
                sheet.add(AwsShapes.SAGEMAKER, productRegion.get(), type.get(), PricingModel.ON_DEMAND,
                        product.onDemandHourlyUsd().getAsDouble(), "AWS Price List " + SERVICE_CODE + " SKU " + product.sku());
            }
        }
        String where = region.map(r -> r + " ").orElse("");
        if (result.unreadable() > 0) {
            sheet.problem(where + "SageMaker hosting prices: " + result.unreadable() + " Price List products could not be read, skipped");
        }
        if (noRegion > 0) {
            sheet.problem(where + "SageMaker hosting prices: " + noRegion + " Price List products have no regionCode, skipped");
        }
    }

    /** {@code instanceName}, else {@code instanceType}, else the usage type's part after its colon ("USE1-Host:ml.g5.xlarge"). */
    static Optional<String> instanceType(PriceListProduct product) {
        Optional<String> named = product.attribute("instanceName").or(() -> product.attribute("instanceType"))
                .filter(t -> t.startsWith("ml."));
        if (named.isPresent()) return named;
        return product.attribute("usagetype").map(u -> u.substring(u.indexOf(':') + 1)).filter(t -> t.startsWith("ml."));
    }
}
