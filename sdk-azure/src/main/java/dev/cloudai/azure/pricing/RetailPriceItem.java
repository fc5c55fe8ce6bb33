package dev.cloudai.azure.pricing;

import dev.cloudai.accelerator.PricingModel;
import dev.cloudai.azure.http.Json;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One item of the Retail Prices API, and the rules that say which catalog price it is, if any. Field names as in
 * Microsoft's reference ("Azure Retail Prices overview", API property details).
 *
 * <p>Skipped, because no catalog column holds them: items not in USD; non-primary meters
 * ({@code isPrimaryMeterRegion} false); Windows meters ({@code productName} containing {@code Windows}: the license is
 * in the price, and the catalog prices Linux, which is what Azure ML runs); Cloud Services meters (a different
 * product with the same size names); Low Priority meters (Azure Batch's and Azure ML compute clusters' preemptible
 * capacity, not spot); {@code DevTestConsumption} (dev/test subscriptions only); a unit other than {@code 1 Hour};
 * a price whose {@code effectiveStartDate} is after the day of the refresh.
 *
 * <p>Priced: a {@code Consumption} item is spot when its {@code meterName} or {@code skuName} ends in {@code Spot},
 * else pay-as-you-go (on-demand), and its {@code savingsPlan} terms ({@code 1 Year}, {@code 3 Years}, USD per hour)
 * are committed prices; a {@code Reservation} item's {@code retailPrice} is the price of the whole term although its
 * {@code unitOfMeasure} says {@code 1 Hour} (the reference's example: 25007.0 for an E64 v4 for one year), so it is
 * spread over 8,760 hours for {@code 1 Year} and 26,280 for {@code 3 Years} (365-day years).
 *
 * <pre>{@code
 * RetailPriceItem.of(item).map(i -> i.prices(LocalDate.now())).orElse(List.of());
 * }</pre>
 */
record RetailPriceItem(String region, String instanceType, String productName, String meterName, String skuName,
                       String type, String reservationTerm, String unitOfMeasure, String currency, boolean primary,
                       double retailPrice, String skuId, Optional<LocalDate> effectiveFrom, List<Object> savingsPlan) {
    static final double HOURS_1Y = 8760;
    static final double HOURS_3Y = 26280;

    /** A committed price drawn from a reservation outranks one from a savings plan (lower is preferred). */
    static final int RESERVATION_RANK = 0;
    static final int SAVINGS_PLAN_RANK = 1;

    /** The item's fields; empty when it lacks a region, a size or a price, which no price can be read without. */
    static Optional<RetailPriceItem> of(Object item) {
        Optional<String> region = Json.text(item, "armRegionName");
        Optional<String> size = Json.text(item, "armSkuName");
        Optional<Double> price = number(item, "retailPrice").or(() -> number(item, "unitPrice"));
        if (region.isEmpty() || size.isEmpty() || price.isEmpty()) return Optional.empty();
        return Optional.of(new RetailPriceItem(region.get(), size.get(), text(item, "productName"),
                text(item, "meterName"), text(item, "skuName"), text(item, "type"), text(item, "reservationTerm"),
                text(item, "unitOfMeasure"), Json.text(item, "currencyCode").orElse("USD"),
                Json.at(item, "isPrimaryMeterRegion").map(v -> !Boolean.FALSE.equals(v)).orElse(true), price.get(),
                Json.text(item, "skuId").orElse(Json.text(item, "meterId").orElse("unknown")),
                Json.text(item, "effectiveStartDate").flatMap(RetailPriceItem::date), Json.array(item, "savingsPlan")));
    }

    /**
     * A price this item tells.
     *
     * @param rank   among prices of the same region, size and model, the lower rank wins (a reservation over a
     *               savings plan), then the later {@code effectiveFrom}, then the lower price
     * @param source the API and the SKU, for the catalog's notes
     */
    record Price(String region, String instanceType, PricingModel model, double usdPerHour, int rank,
                 LocalDate effectiveFrom, String source) {
    }

    /** The catalog prices this item tells on {@code today}: none for an item the class comment lists as skipped. */
    List<Price> prices(LocalDate today) {
        if (!currency.equals("USD") || !primary || !unitOfMeasure.equals("1 Hour")) return List.of();
        if (productName.contains("Windows") || productName.contains("Cloud Services")) return List.of();
        if (meterName.contains("Low Priority") || skuName.contains("Low Priority")) return List.of();
        LocalDate from = effectiveFrom.orElse(LocalDate.MIN);
        if (from.isAfter(today)) return List.of();
        String source = "Azure Retail Prices API skuId " + skuId;
        if (type.equals("Consumption")) {
            if (meterName.endsWith(" Spot") || skuName.endsWith(" Spot")) {
                return List.of(price(PricingModel.SPOT, retailPrice, RESERVATION_RANK, from, source + " Spot"));
            }
            List<Price> out = new ArrayList<>();
            out.add(price(PricingModel.ON_DEMAND, retailPrice, RESERVATION_RANK, from, source + " Consumption"));
            for (Object plan : savingsPlan) {
                Optional<PricingModel> model = term(Json.text(plan, "term").orElse(""));
                Optional<Double> hourly = number(plan, "retailPrice").or(() -> number(plan, "unitPrice"));
                if (model.isPresent() && hourly.isPresent()) {
                    out.add(price(model.get(), hourly.get(), SAVINGS_PLAN_RANK, from,
                            source + " savings plan " + Json.text(plan, "term").orElseThrow()));
                }
            }
            return out;
        }
        if (type.equals("Reservation")) {
            return term(reservationTerm).map(model -> price(model,
                    retailPrice / (model == PricingModel.COMMITTED_1Y ? HOURS_1Y : HOURS_3Y), RESERVATION_RANK, from,
                    source + " reservation " + reservationTerm)).map(List::of).orElse(List.of());
        }
        return List.of();   // DevTestConsumption, and any type the API may add
    }

    private Price price(PricingModel model, double usdPerHour, int rank, LocalDate from, String source) {
        return new Price(region, instanceType, model, usdPerHour, rank, from, source);
    }

    private static Optional<PricingModel> term(String term) {
        return switch (term) {
            case "1 Year" -> Optional.of(PricingModel.COMMITTED_1Y);
            case "3 Years" -> Optional.of(PricingModel.COMMITTED_3Y);
            default -> Optional.empty();   // the API lists 5-year terms for some products: no catalog column
        };
    }

    private static String text(Object item, String field) {
        return Json.text(item, field).orElse("");
    }

    private static Optional<Double> number(Object item, String field) {
        return Json.at(item, field).filter(Number.class::isInstance).map(n -> ((Number) n).doubleValue())
                .filter(d -> d >= 0 && !d.isInfinite() && !d.isNaN());
    }

    private static Optional<LocalDate> date(String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text).toLocalDate());
        } catch (DateTimeParseException e) {
            return Optional.empty();   // a malformed date does not hide a price
        }
    }
}
