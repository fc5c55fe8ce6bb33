package dev.cloudai.aws.pricing;

import dev.cloudai.aws.errors.AwsResponseFormatException;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One product of a Price List {@code GetProducts} answer, read from its JSON text: the SKU, the product attributes,
 * the on-demand hourly price and the reserved terms. {@code GetProducts} returns each product as a JSON string in
 * {@code PriceList}, shaped as a Price List offer file's product and terms
 * (https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/reading-an-offer.html):
 *
 * <pre>{@code
 * {"product":{"productFamily":"ML Instance","sku":"...","attributes":{"regionCode":"us-east-1","instanceName":"ml.g5.xlarge",...}},
 *  "terms":{"OnDemand":{"SKU.JRTCKXETXF":{"priceDimensions":{"SKU.JRTCKXETXF.6YS6EN2CT7":{"unit":"Hrs","pricePerUnit":{"USD":"1.4080000000"}}}}},
 *           "Reserved":{"SKU.4NA7Y494T4":{"termAttributes":{"LeaseContractLength":"1yr","OfferingClass":"standard","PurchaseOption":"No Upfront"},
 *                                         "priceDimensions":{...{"unit":"Hrs",...},...{"unit":"Quantity","description":"Upfront Fee",...}}}}}}
 * }</pre>
 *
 * <pre>{@code
 * PriceListProduct p = PriceListProduct.parse(response.priceList().get(0));
 * p.attribute("regionCode");   // Optional[us-east-1]
 * p.onDemandHourlyUsd();        // OptionalDouble[1.408]
 * }</pre>
 *
 * Prices in another currency than USD (the China regions' CNY) are ignored, as if absent.
 *
 * @param sku        the product's SKU
 * @param attributes the product attributes, as the Price List names them, and its {@code productFamily}
 * @param onDemandHourlyUsd the on-demand price per hour in USD, when the product has one
 * @param reserved   the reserved terms whose prices are in USD
 */
record PriceListProduct(String sku, Map<String, String> attributes, OptionalDouble onDemandHourlyUsd, List<ReservedTerm> reserved) {

    /**
     * A reserved term: its length, offering class and purchase option, the hourly price and the upfront fee (0 when
     * there is none).
     */
    record ReservedTerm(int years, String offeringClass, String purchaseOption, double hourlyUsd, double upfrontUsd) {
        /** Hours in a year of a reserved term, as AWS counts them (365 days). */
        static final int HOURS_PER_YEAR = 8760;

        /** The hourly price with the upfront fee spread over the term's hours. */
        double effectiveHourlyUsd() {
            return hourlyUsd + upfrontUsd / ((double) years * HOURS_PER_YEAR);
        }
    }

    PriceListProduct {
        attributes = Map.copyOf(attributes);
        reserved = List.copyOf(reserved);
    }

    Optional<String> attribute(String name) {
        return Optional.ofNullable(attributes.get(name)).filter(v -> !v.isBlank());
    }

    /**
     * Reads one {@code PriceList} entry.
     *
     * @throws AwsResponseFormatException when it is not JSON, or has no {@code product.sku}
     */
    static PriceListProduct parse(String json) {
        JsonNode root;
        try {
            root = JsonNode.parser().parse(json);
        } catch (RuntimeException e) {
            throw new AwsResponseFormatException("a Price List product is not JSON: " + e.getMessage(), null);
        }
        JsonNode product = object(root, "product");
        String sku = text(product, "sku").orElseThrow(() ->
                new AwsResponseFormatException("a Price List product has no product.sku", null));
        Map<String, String> attributes = new LinkedHashMap<>();
        // the product family is beside the attributes, but filters name it as one
        text(product, "productFamily").ifPresent(family -> attributes.put("productFamily", family));
        object(product, "attributes").asObject().forEach((name, value) -> {
            if (value.isString()) attributes.put(name, value.asString());
        });
        JsonNode terms = object(root, "terms");
        OptionalDouble onDemand = OptionalDouble.empty();
        for (JsonNode term : object(terms, "OnDemand").asObject().values()) {
            OptionalDouble hourly = dimension(term, "Hrs");
            if (hourly.isPresent()) {
                onDemand = hourly;
                break;
            }
        }
        List<ReservedTerm> reserved = new ArrayList<>();
        for (JsonNode term : object(terms, "Reserved").asObject().values()) {
            JsonNode termAttributes = object(term, "termAttributes");
            Optional<Integer> years = text(termAttributes, "LeaseContractLength").flatMap(PriceListProduct::years);
            OptionalDouble hourly = dimension(term, "Hrs");
            OptionalDouble upfront = dimension(term, "Quantity");
            if (years.isEmpty() || (hourly.isEmpty() && upfront.isEmpty())) continue;
            reserved.add(new ReservedTerm(years.get(), text(termAttributes, "OfferingClass").orElse(""),
                    text(termAttributes, "PurchaseOption").orElse(""), hourly.orElse(0), upfront.orElse(0)));
        }
        return new PriceListProduct(sku, attributes, onDemand, reserved);
    }

    /** "1yr" is 1, "3yr" is 3. */
    private static Optional<Integer> years(String lease) {
        return switch (lease.strip()) {
            case "1yr" -> Optional.of(1);
            case "3yr" -> Optional.of(3);
            default -> Optional.empty();
        };
    }

    /** The USD price of the term's dimension in {@code unit} ("Hrs", or "Quantity" for an upfront fee). */
    private static OptionalDouble dimension(JsonNode term, String unit) {
        for (JsonNode dimension : object(term, "priceDimensions").asObject().values()) {
            if (!text(dimension, "unit").filter(unit::equalsIgnoreCase).isPresent()) continue;
            Optional<String> usd = text(object(dimension, "pricePerUnit"), "USD");
            if (usd.isEmpty()) continue;
            try {
                double price = Double.parseDouble(usd.get());
                if (price >= 0 && Double.isFinite(price)) return OptionalDouble.of(price);
            } catch (NumberFormatException notANumber) {
                throw new AwsResponseFormatException("a Price List price is not a number: '" + usd.get() + "'", null);
            }
        }
        return OptionalDouble.empty();
    }

    private static JsonNode object(JsonNode node, String field) {
        return node.field(field).filter(JsonNode::isObject).orElse(JsonNode.emptyObjectNode());
    }

    private static Optional<String> text(JsonNode node, String field) {
        return node.field(field).filter(JsonNode::isString).map(JsonNode::asString);
    }
}
