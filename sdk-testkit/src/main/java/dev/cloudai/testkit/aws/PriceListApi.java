package dev.cloudai.testkit.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.cloudai.testkit.StubTransformer;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The Price List Query API's {@code GetProducts} for {@link AwsPrices}, JSON 1.1 ({@code X-Amz-Target:
 * AWSPriceListService.GetProducts}), over the products of {@link CannedPrices} (test data). Follows the API reference
 * (https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_pricing_GetProducts.html and
 * API_pricing_Filter.html): request {@code ServiceCode}, {@code Filters} ({@code Type}, {@code Field}, {@code Value}),
 * {@code FormatVersion}, {@code MaxResults} (1 to 100, default 100), {@code NextToken}; answer {@code FormatVersion},
 * {@code PriceList} (each product a JSON string, shaped as the Price List offer files' products and terms:
 * https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/reading-an-offer.html, with the AWS CLI's
 * {@code aws pricing get-products} example answer as the model) and {@code NextToken}.
 *
 * <p>Filters: {@code TERM_MATCH} compares without regard to case, as the Price List does ({@code tenancy=shared}
 * matches {@code Shared}); {@code EQUALS} exactly; {@code CONTAINS} as a substring; {@code ANY_OF} and
 * {@code NONE_OF} take a comma-separated list. A field is {@code ServiceCode}, {@code productFamily} or an attribute
 * name of the service. Errors, as the reference lists them (JSON 1.1: {@code __type} and {@code message}):
 * {@code InvalidParameterException} (400) for a service code other than {@code AmazonSageMaker} and
 * {@code AmazonEC2}, a filter without a field or value or of an unknown type, a format version other than
 * {@code aws_v1}, {@code MaxResults} out of range; {@code InvalidNextTokenException} (400) for a token of another
 * query. Stricter than AWS in one respect, on purpose: a filter on an attribute name the service does not have is an
 * {@code InvalidParameterException}, where AWS answers no product; a misspelt filter then fails a test instead of
 * pricing nothing.
 */
final class PriceListApi extends StubTransformer {
    static final String NAME = "aws-price-list";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FILTER_TYPES = Set.of("TERM_MATCH", "EQUALS", "CONTAINS", "ANY_OF", "NONE_OF");
    private static final String PUBLICATION = "2026-12-01T00:00:00Z";
    private static final String VERSION = "20261201000000";
    /** The Price List's term and rate codes: on demand, the reserved terms by length, class and purchase option. */
    private static final String ON_DEMAND = "JRTCKXETXF";
    private static final Map<String, String> RESERVED_CODES = Map.of(
            "1 standard No Upfront", "4NA7Y494T4", "1 standard Partial Upfront", "HU7G6KETJZ",
            "1 standard All Upfront", "6QCMYABX3D", "3 standard No Upfront", "BPH4J8HBKS",
            "3 standard Partial Upfront", "38NPMPTW36", "3 standard All Upfront", "NQ3QZPMQV9",
            "1 convertible No Upfront", "7NE97W5U4E", "3 convertible No Upfront", "Z2E3P23VKM");
    private static final String HOURLY_RATE = "6YS6EN2CT7";
    private static final String UPFRONT_RATE = "2TG2D8R56U";

    private final AwsPrices prices;
    private final Map<String, List<ObjectNode>> products = new LinkedHashMap<>();

    PriceListApi(AwsPrices prices) {
        super(NAME);
        this.prices = prices;
        products.put("AmazonSageMaker", CannedPrices.SAGEMAKER.stream().map(PriceListApi::product).toList());
        products.put("AmazonEC2", CannedPrices.EC2.stream().map(PriceListApi::product).toList());
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        String target = event.getRequest().getHeader("X-Amz-Target");
        if (!"AWSPriceListService.GetProducts".equals(target)) {
            return AwsCloud.error(400, "UnknownOperationException", "The emulator does not serve " + AwsCloud.escape(target) + ".").build();
        }
        if (prices.takeThrottle(AwsPrices.Api.PRICE_LIST)) return AwsCloud.error(400, "ThrottlingException", "Rate exceeded.").build();
        JsonNode body;
        try {
            body = JSON.readTree(event.getRequest().getBodyAsString());
        } catch (Exception e) {
            return AwsCloud.error(400, "SerializationException", "The request body is not valid JSON.").build();
        }
        String service = body.path("ServiceCode").asText("");
        if (!products.containsKey(service)) {
            return invalid("Input for ServiceCode is invalid: '" + service + "' is not a service of the Price List.");
        }
        if (body.has("FormatVersion") && !body.path("FormatVersion").asText().equals("aws_v1")) {
            return invalid("Input for FormatVersion is invalid: only aws_v1 exists.");
        }
        int maxResults = body.path("MaxResults").asInt(100);
        if (body.has("MaxResults") && (maxResults < 1 || maxResults > 100)) {
            return invalid("Input for MaxResults is invalid: must be from 1 to 100.");
        }
        Set<String> fields = fields(service);
        List<JsonNode> filters = new ArrayList<>();
        body.path("Filters").forEach(filters::add);
        for (JsonNode filter : filters) {
            String type = filter.path("Type").asText("");
            String field = filter.path("Field").asText("");
            if (!FILTER_TYPES.contains(type)) return invalid("Input for Filters is invalid: unknown filter Type '" + type + "'.");
            if (field.isEmpty() || filter.path("Value").asText("").isEmpty()) {
                return invalid("Input for Filters is invalid: a filter needs a Field and a Value.");
            }
            if (!fields.contains(field)) {
                return invalid("Input for Filters is invalid: " + service + " has no attribute '" + AwsCloud.escape(field) + "'.");
            }
            if (prices.fails(filter.path("Value").asText()) && field.equals("regionCode")) {
                return AwsCloud.error(500, "InternalErrorException",
                        "An error on the server occurred during the processing of your request. Try again later.").build();
            }
        }
        List<String> matching = new ArrayList<>();
        for (ObjectNode product : products.get(service)) {
            if (filters.stream().allMatch(f -> matches(product, service, f))) matching.add(product.toString());
        }
        ObjectNode query = body.deepCopy();
        query.remove("NextToken");
        int offset = 0;
        if (body.hasNonNull("NextToken")) {
            offset = AwsPrices.offset(body.path("NextToken").asText(), NAME, query.toString());
            if (offset < 0) return AwsCloud.error(400, "InvalidNextTokenException", "The pagination token is invalid. Try again without a pagination token.").build();
        }
        AwsPrices.Page<String> page = AwsPrices.page(matching, offset, prices.pageSizeFor(maxResults), NAME, query.toString());
        ObjectNode out = JSON.createObjectNode().put("FormatVersion", "aws_v1");
        ArrayNode list = out.putArray("PriceList");
        page.items().forEach(list::add);
        if (page.nextToken() != null) out.put("NextToken", page.nextToken());
        return AwsCloud.ok("application/x-amz-json-1.1", out.toString()).build();
    }

    private static ResponseDefinition invalid(String message) {
        return AwsCloud.error(400, "InvalidParameterException", message).build();
    }

    /** The fields a filter of {@code service} may name: the service code, the product family and the attribute names. */
    private Set<String> fields(String service) {
        Set<String> names = new LinkedHashSet<>(List.of("ServiceCode", "productFamily"));
        products.get(service).forEach(p -> p.path("product").path("attributes").fieldNames().forEachRemaining(names::add));
        return names;
    }

    private static boolean matches(ObjectNode product, String service, JsonNode filter) {
        String field = filter.path("Field").asText();
        String value = filter.path("Value").asText();
        String actual = switch (field) {
            case "ServiceCode" -> service;
            case "productFamily" -> product.path("product").path("productFamily").asText();
            default -> product.path("product").path("attributes").path(field).asText(null);
        };
        if (actual == null) return false;
        List<String> values = Arrays.stream(value.split(",")).map(String::strip).toList();
        return switch (filter.path("Type").asText()) {
            case "TERM_MATCH" -> actual.equalsIgnoreCase(value);
            case "EQUALS" -> actual.equals(value);
            case "CONTAINS" -> actual.toLowerCase(Locale.ROOT).contains(value.toLowerCase(Locale.ROOT));
            case "ANY_OF" -> values.stream().anyMatch(actual::equalsIgnoreCase);
            default -> values.stream().noneMatch(actual::equalsIgnoreCase);   // NONE_OF
        };
    }

    // ---- the products, as the Price List writes them ----

    private static ObjectNode product(CannedPrices.SageMakerProduct p) {
        String[] region = CannedPrices.REGIONS.get(p.region());
        String usage = region[1] + "-" + switch (p.platoInstanceType()) {
            case "Hosting" -> "Host";
            case "Training" -> "Train";
            default -> "Studio";
        } + ":" + p.instanceType();
        ObjectNode attributes = JSON.createObjectNode()
                .put("servicecode", "AmazonSageMaker").put("servicename", "Amazon SageMaker")
                .put("location", region[0]).put("locationType", "AWS Region").put("regionCode", p.region())
                .put("usagetype", usage).put("operation", "RunInstance")
                .put("instanceName", p.instanceType()).put("instanceType", p.instanceType())
                .put("platoinstancetype", p.platoInstanceType()).put("platoinstancename", p.instanceType())
                .put("component", p.platoInstanceType());
        ObjectNode terms = JSON.createObjectNode();
        terms.set("OnDemand", onDemand(p.sku(), p.usdPerHour(), "per Hour for " + p.platoInstanceType() + " " + p.instanceType()
                + " in " + region[0]));
        return document("AmazonSageMaker", "ML Instance", p.sku(), attributes, terms);
    }

    private static ObjectNode product(CannedPrices.Ec2Product p) {
        String[] region = CannedPrices.REGIONS.get(p.region());
        String prefix = p.region().equals("us-east-1") ? "" : region[1] + "-";
        String usage = prefix + (p.tenancy().equals("Dedicated") ? "DedicatedUsage:" : "BoxUsage:") + p.instanceType();
        ObjectNode attributes = JSON.createObjectNode()
                .put("servicecode", "AmazonEC2").put("servicename", "Amazon Elastic Compute Cloud")
                .put("location", region[0]).put("locationType", "AWS Region").put("regionCode", p.region())
                .put("instanceType", p.instanceType()).put("instanceFamily", "GPU instance").put("currentGeneration", "Yes")
                .put("operatingSystem", p.operatingSystem()).put("licenseModel", "No License required")
                .put("tenancy", p.tenancy()).put("capacitystatus", p.capacityStatus()).put("preInstalledSw", "NA")
                .put("marketoption", p.marketOption()).put("usagetype", usage)
                .put("operation", p.operatingSystem().equals("Windows") ? "RunInstances:0002" : "RunInstances");
        ObjectNode terms = JSON.createObjectNode();
        terms.set("OnDemand", onDemand(p.sku(), p.onDemandUsd(), "per On Demand " + p.operatingSystem() + " " + p.instanceType()
                + " Instance Hour"));
        ObjectNode reserved = JSON.createObjectNode();
        for (CannedPrices.Reserved r : p.reserved()) {
            String code = RESERVED_CODES.get(r.years() + " " + r.offeringClass() + " " + r.purchaseOption());
            ObjectNode dimensions = JSON.createObjectNode();
            if (!r.purchaseOption().equals("All Upfront")) {
                dimensions.set(p.sku() + "." + code + "." + HOURLY_RATE, dimension(p.sku() + "." + code + "." + HOURLY_RATE, "Hrs",
                        p.operatingSystem() + " " + p.instanceType() + " reserved instance applied", r.hourlyUsd()));
            }
            if (!r.purchaseOption().equals("No Upfront")) {
                dimensions.set(p.sku() + "." + code + "." + UPFRONT_RATE, dimension(p.sku() + "." + code + "." + UPFRONT_RATE,
                        "Quantity", "Upfront Fee", r.upfrontUsd()));
            }
            ObjectNode term = JSON.createObjectNode();
            term.set("priceDimensions", dimensions);
            term.put("sku", p.sku()).put("effectiveDate", PUBLICATION).put("offerTermCode", code);
            term.putObject("termAttributes").put("LeaseContractLength", r.years() + "yr")
                    .put("OfferingClass", r.offeringClass()).put("PurchaseOption", r.purchaseOption());
            reserved.set(p.sku() + "." + code, term);
        }
        if (!reserved.isEmpty()) terms.set("Reserved", reserved);
        return document("AmazonEC2", "Compute Instance", p.sku(), attributes, terms);
    }

    private static ObjectNode document(String service, String family, String sku, ObjectNode attributes, ObjectNode terms) {
        ObjectNode doc = JSON.createObjectNode();
        ObjectNode product = doc.putObject("product");
        product.put("productFamily", family);
        product.set("attributes", attributes);
        product.put("sku", sku);
        doc.put("serviceCode", service);
        doc.set("terms", terms);
        doc.put("version", VERSION).put("publicationDate", PUBLICATION);
        return doc;
    }

    private static ObjectNode onDemand(String sku, double usd, String description) {
        String code = sku + "." + ON_DEMAND;
        ObjectNode term = JSON.createObjectNode();
        term.putObject("priceDimensions").set(code + "." + HOURLY_RATE,
                dimension(code + "." + HOURLY_RATE, "Hrs", "$" + usd + " " + description, usd));
        term.put("sku", sku).put("effectiveDate", PUBLICATION).put("offerTermCode", ON_DEMAND);
        term.putObject("termAttributes");
        ObjectNode terms = JSON.createObjectNode();
        terms.set(code, term);
        return terms;
    }

    private static ObjectNode dimension(String rateCode, String unit, String description, double usd) {
        ObjectNode d = JSON.createObjectNode().put("unit", unit);
        if (unit.equals("Hrs")) d.put("endRange", "Inf").put("beginRange", "0");
        d.put("description", description).put("rateCode", rateCode);
        d.putArray("appliesTo");
        d.putObject("pricePerUnit").put("USD", new BigDecimal(Double.toString(usd)).setScale(10).toPlainString());
        return d;
    }
}
