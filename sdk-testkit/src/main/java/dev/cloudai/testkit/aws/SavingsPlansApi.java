package dev.cloudai.testkit.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.cloudai.testkit.StubTransformer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Savings Plans' {@code DescribeSavingsPlansOfferingRates} for {@link AwsPrices}, REST-JSON
 * ({@code POST /DescribeSavingsPlansOfferingRates}), over the rates of {@link CannedPrices#SAVINGS_PLANS} (test
 * data). Follows the API reference
 * (https://docs.aws.amazon.com/savingsplans/latest/APIReference/API_DescribeSavingsPlansOfferingRates.html,
 * API_SavingsPlanOfferingRate.html, API_ParentSavingsPlanOffering.html): the request's {@code savingsPlanTypes},
 * {@code savingsPlanPaymentOptions}, {@code serviceCodes}, {@code usageTypes} and {@code filters} ({@code name} of
 * {@code region}, {@code instanceFamily}, {@code instanceType}, {@code productDescription}, {@code tenancy},
 * {@code productId}; {@code values}) select the rates, {@code maxResults} (up to 1,000) and {@code nextToken} page them;
 * each answer item has {@code savingsPlanOffering} ({@code offeringId}, {@code paymentOption}, {@code planType},
 * {@code durationSeconds}, {@code currency}, {@code planDescription}), {@code rate}, {@code unit}, {@code productType},
 * {@code serviceCode}, {@code usageType}, {@code operation} and {@code properties} ({@code name}, {@code value}).
 *
 * <p>Errors (REST-JSON: {@code x-amzn-ErrorType} and a {@code message}): {@code ValidationException} (400) for a value
 * outside the enumerations the reference lists, a bad {@code maxResults} or a token of another query;
 * {@code InternalServerException} (500) for a failing region; {@code ThrottlingException} (429) when throttled.
 */
final class SavingsPlansApi extends StubTransformer {
    static final String NAME = "aws-savings-plans";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Set<String>> ENUMS = Map.of(
            "savingsPlanTypes", Set.of("Compute", "EC2Instance", "SageMaker", "Database"),
            "savingsPlanPaymentOptions", Set.of("All Upfront", "Partial Upfront", "No Upfront"),
            "serviceCodes", Set.of("AmazonEC2", "AmazonECS", "AmazonEKS", "AWSLambda", "AmazonSageMaker", "AmazonRDS"),
            "products", Set.of("EC2", "Fargate", "Lambda", "SageMaker", "RDS"));
    private static final Set<String> FILTER_NAMES = Set.of("region", "instanceFamily", "instanceType", "productDescription",
            "tenancy", "productId");

    private final AwsPrices prices;

    SavingsPlansApi(AwsPrices prices) {
        super(NAME);
        this.prices = prices;
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        if (prices.takeThrottle(AwsPrices.Api.SAVINGS_PLANS)) return AwsCloud.error(429, "ThrottlingException", "Rate exceeded.").build();
        JsonNode body;
        try {
            body = JSON.readTree(event.getRequest().getBodyAsString());
        } catch (Exception e) {
            return AwsCloud.error(400, "SerializationException", "The request body is not valid JSON.").build();
        }
        for (Map.Entry<String, Set<String>> e : ENUMS.entrySet()) {
            for (JsonNode value : body.path(e.getKey())) {
                if (!e.getValue().contains(value.asText())) {
                    return invalid("1 validation error detected: Value '" + value.asText() + "' at '" + e.getKey()
                            + "' failed to satisfy constraint: Member must satisfy enum value set: " + e.getValue());
                }
            }
        }
        int maxResults = body.path("maxResults").asInt(1000);
        if (maxResults < 0 || maxResults > 1000) return invalid("maxResults must be from 0 to 1000");
        Map<String, Set<String>> filters = new HashMap<>();
        for (JsonNode filter : body.path("filters")) {
            String name = filter.path("name").asText("");
            if (!FILTER_NAMES.contains(name)) return invalid("Value '" + name + "' at 'filters.name' failed to satisfy constraint");
            Set<String> values = new java.util.HashSet<>();
            filter.path("values").forEach(v -> values.add(v.asText()));
            filters.put(name, values);
            if (name.equals("region") && values.stream().anyMatch(prices::fails)) {
                return AwsCloud.error(500, "InternalServerException", "An unexpected error occurred.").build();
            }
        }
        List<CannedPrices.SavingsPlanRate> selected = new ArrayList<>();
        for (CannedPrices.SavingsPlanRate rate : CannedPrices.SAVINGS_PLANS) {
            if (in(body, "savingsPlanTypes", rate.planType()) && in(body, "savingsPlanPaymentOptions", rate.paymentOption())
                    && in(body, "serviceCodes", "AmazonSageMaker") && in(body, "products", "SageMaker")
                    && in(body, "usageTypes", rate.usageType())
                    && filters.getOrDefault("region", Set.of(rate.region())).contains(rate.region())
                    && filters.getOrDefault("instanceType", Set.of(rate.instanceType())).contains(rate.instanceType())) {
                selected.add(rate);
            }
        }
        ObjectNode query = body.deepCopy();
        query.remove("nextToken");
        int offset = 0;
        if (body.hasNonNull("nextToken") && !body.path("nextToken").asText().isEmpty()) {
            offset = AwsPrices.offset(body.path("nextToken").asText(), NAME, query.toString());
            if (offset < 0) return invalid("The nextToken is not valid for this request.");
        }
        AwsPrices.Page<CannedPrices.SavingsPlanRate> page = AwsPrices.page(selected, offset,
                prices.pageSizeFor(maxResults == 0 ? 1000 : maxResults), NAME, query.toString());
        ObjectNode out = JSON.createObjectNode();
        ArrayNode results = out.putArray("searchResults");
        page.items().forEach(rate -> results.add(item(rate)));
        if (page.nextToken() != null) out.put("nextToken", page.nextToken());
        return AwsCloud.ok("application/json", out.toString()).build();
    }

    /** Whether {@code value} is in the request's list {@code field}, or the request has none (no constraint). */
    private static boolean in(JsonNode body, String field, String value) {
        JsonNode list = body.path(field);
        if (!list.isArray() || list.isEmpty()) return true;
        for (JsonNode v : list) if (v.asText().equals(value)) return true;
        return false;
    }

    private static ObjectNode item(CannedPrices.SavingsPlanRate rate) {
        ObjectNode item = JSON.createObjectNode();
        item.putObject("savingsPlanOffering").put("offeringId", rate.offeringId()).put("paymentOption", rate.paymentOption())
                .put("planType", rate.planType()).put("durationSeconds", rate.years() * 31_536_000L).put("currency", "USD")
                .put("planDescription", rate.years() + " year " + rate.paymentOption() + " " + rate.planType() + " Savings Plan");
        item.put("rate", Double.toString(rate.usdPerHour())).put("unit", "Hrs").put("productType", "SageMaker")
                .put("serviceCode", "AmazonSageMaker").put("usageType", rate.usageType()).put("operation", "RunInstance");
        ArrayNode properties = item.putArray("properties");
        properties.addObject().put("name", "region").put("value", rate.region());
        properties.addObject().put("name", "instanceType").put("value", rate.instanceType());
        properties.addObject().put("name", "instanceFamily").put("value", rate.instanceType().substring(0, rate.instanceType().lastIndexOf('.')));
        return item;
    }

    private static ResponseDefinition invalid(String message) {
        return AwsCloud.error(400, "ValidationException", AwsCloud.escape(message)).build();
    }
}
