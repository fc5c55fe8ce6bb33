package dev.cloudai.aws.pricing;

import dev.cloudai.accelerator.PricingModel;
import dev.cloudai.spi.PriceQuery;
import software.amazon.awssdk.services.pricing.model.Filter;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The on-demand and reserved prices of EC2 instances (catalog platform {@code vm}), from the Price List's
 * {@code AmazonEC2} products of a plain Linux instance: operating system {@code Linux}, {@code Shared} tenancy, no
 * pre-installed software ({@code NA}), capacity status {@code Used} (not an unused reservation), in an
 * {@code AWS Region} (not a Local Zone or Outpost). One query per instance type ({@code instanceType}), all regions
 * at once, with a {@code regionCode} filter too when the query names exactly one region; a product whose
 * {@code marketoption} is not {@code OnDemand} (a capacity block) is skipped.
 *
 * <pre>{@code
 * Set<String> regions = new Ec2InstancePrices(priceList, query, sheet).fetch("p5.48xlarge");
 * // sheet: ON_DEMAND, COMMITTED_1Y and COMMITTED_3Y points of p5.48xlarge in each region asked
 * }</pre>
 *
 * <p>Committed prices are the reserved instance terms of offering class {@code standard}: for each term length (1
 * and 3 years) the {@code No Upfront} term, whose hourly price is the price; when a product has none for that length,
 * the {@code Partial Upfront} term, else the {@code All Upfront} one, whose upfront fee is spread over the term's
 * hours (8,760 a year) and added to its hourly price, as {@link PricingModel#COMMITTED_1Y} defines the column. The
 * point's source says which term it is. Convertible terms are ignored: they cost more for the same hardware.
 */
final class Ec2InstancePrices {
    static final String SERVICE_CODE = "AmazonEC2";
    /** The purchase options in the order a committed price is taken from. */
    static final List<String> PURCHASE_OPTIONS = List.of("No Upfront", "Partial Upfront", "All Upfront");

    private final PriceList priceList;
    private final PriceQuery query;
    private final SheetBuilder sheet;

    Ec2InstancePrices(PriceList priceList, PriceQuery query, SheetBuilder sheet) {
        this.priceList = priceList;
        this.query = query;
        this.sheet = sheet;
    }

    /** The filters of the query for {@code instanceType}; a {@code regionCode} filter when the query names exactly one region. */
    List<Filter> filters(String instanceType) {
        List<Filter> filters = new ArrayList<>(List.of(
                PriceList.term("instanceType", instanceType),
                PriceList.term("operatingSystem", "Linux"),
                PriceList.term("tenancy", "Shared"),
                PriceList.term("preInstalledSw", "NA"),
                PriceList.term("capacitystatus", "Used"),
                PriceList.term("locationType", "AWS Region")));
        if (query.regions().size() == 1) filters.add(PriceList.term("regionCode", query.regions().iterator().next()));
        return filters;
    }

    /**
     * Fetches {@code instanceType}'s prices into the sheet.
     *
     * @return the regions asked that sell it, for the spot prices of a query that names no region
     */
    Set<String> fetch(String instanceType) {
        PriceList.Products result = priceList.products(SERVICE_CODE, filters(instanceType));
        Set<String> regions = new TreeSet<>();
        for (PriceListProduct product : result.products()) {
            Optional<String> region = product.attribute("regionCode");
            if (region.isEmpty() || !query.wants(region.get())) continue;
            if (!product.attribute("instanceType").orElse(instanceType).equals(instanceType)) continue;
            if (!product.attribute("marketoption").orElse("OnDemand").equalsIgnoreCase("OnDemand")) continue;
            regions.add(region.get());
            String source = "AWS Price List " + SERVICE_CODE + " SKU " + product.sku();
            product.onDemandHourlyUsd().ifPresent(price -> sheet.add(AwsShapes.VM, region.get(), instanceType,
                    PricingModel.ON_DEMAND, price, source));
            committed(product, 1).ifPresent(term -> addCommitted(region.get(), instanceType, PricingModel.COMMITTED_1Y, term, source));
            committed(product, 3).ifPresent(term -> addCommitted(region.get(), instanceType, PricingModel.COMMITTED_3Y, term, source));
        }
        if (result.unreadable() > 0) {
            sheet.problem(instanceType + " EC2 prices: " + result.unreadable() + " Price List products could not be read, skipped");
        }
        return regions;
    }

    /** The standard reserved term of {@code years} a committed price is taken from, by {@link #PURCHASE_OPTIONS}. */
    static Optional<PriceListProduct.ReservedTerm> committed(PriceListProduct product, int years) {
        return product.reserved().stream()
                .filter(t -> t.years() == years && t.offeringClass().equalsIgnoreCase("standard")
                        && PURCHASE_OPTIONS.contains(t.purchaseOption()))
                .min(Comparator.comparingInt((PriceListProduct.ReservedTerm t) -> PURCHASE_OPTIONS.indexOf(t.purchaseOption()))
                        .thenComparingDouble(PriceListProduct.ReservedTerm::effectiveHourlyUsd));
    }

    private void addCommitted(String region, String instanceType, PricingModel model, PriceListProduct.ReservedTerm term,
                              String source) {
        String how = " reserved " + term.years() + "yr standard " + term.purchaseOption()
                + (term.upfrontUsd() > 0 ? " (upfront fee spread over " + term.years() * PriceListProduct.ReservedTerm.HOURS_PER_YEAR + " h)" : "");
        sheet.add(AwsShapes.VM, region, instanceType, model, term.effectiveHourlyUsd(), source + how);
    }
}
