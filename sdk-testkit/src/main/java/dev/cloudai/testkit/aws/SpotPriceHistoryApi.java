package dev.cloudai.testkit.aws;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.cloudai.testkit.StubTransformer;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * EC2's {@code DescribeSpotPriceHistory} for {@link AwsPrices}, in the EC2 query protocol: a form-encoded
 * {@code POST /} ({@code Action}, {@code Version=2016-11-15}, lists as {@code InstanceType.1}, {@code InstanceType.2}...)
 * answered in XML, over the spot prices of {@link CannedPrices#SPOT} (test data) of the region the request is signed
 * for (its SigV4 credential scope, as EC2's regional endpoints are). Follows the API reference
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeSpotPriceHistory.html): filters
 * {@code InstanceType.N}, {@code ProductDescription.N}, {@code AvailabilityZone}; {@code StartTime} and
 * {@code EndTime} select the prices in effect in that span, the last change before the start included ("the effective
 * price as of the start time"), newest first; {@code MaxResults} (up to 1,000) and {@code NextToken} page them;
 * the answer is {@code spotPriceHistorySet} of {@code item}s ({@code availabilityZone}, {@code instanceType},
 * {@code productDescription}, {@code spotPrice}, {@code timestamp}) and {@code nextToken}.
 *
 * <p>Errors are EC2's XML ({@code <Response><Errors><Error><Code>..}, errors-overview.html of the same reference):
 * {@code RequestLimitExceeded} (503) when throttled, {@code InternalError} (500) for a failing region,
 * {@code InvalidAction} for another action, {@code InvalidParameterValue} (400) for a malformed instance type, time
 * or {@code MaxResults}, {@code MissingParameter} for a missing {@code Version}, {@code InvalidNextToken} for a token
 * of another query, {@code AuthFailure} (401) for an unsigned request.
 */
final class SpotPriceHistoryApi extends StubTransformer {
    static final String NAME = "aws-ec2-spot-prices";
    private static final Pattern REGION = Pattern.compile("Credential=[^/]+/\\d{8}/([^/]+)/ec2/aws4_request");
    private static final Pattern INSTANCE_TYPE = Pattern.compile("[a-z][a-z0-9-]*\\.[a-z0-9-]+");
    private static final Pattern LIST_MEMBER = Pattern.compile("(InstanceType|ProductDescription)\\.\\d+");
    private static final Set<String> PARAMETERS = Set.of("Action", "Version", "StartTime", "EndTime", "AvailabilityZone",
            "MaxResults", "NextToken", "DryRun");

    private final AwsPrices prices;

    SpotPriceHistoryApi(AwsPrices prices) {
        super(NAME);
        this.prices = prices;
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        Matcher signed = REGION.matcher(String.valueOf(event.getRequest().getHeader("Authorization")));
        if (!signed.find()) return error(401, "AuthFailure", "AWS was not able to validate the provided access credentials");
        String region = signed.group(1);
        Map<String, String> form = form(event.getRequest().getBodyAsString());
        if (!"DescribeSpotPriceHistory".equals(form.get("Action"))) {
            return error(400, "InvalidAction", "The action " + form.get("Action") + " is not valid for this web service.");
        }
        if (!"2016-11-15".equals(form.get("Version"))) return error(400, "MissingParameter", "The request must contain the parameter Version");
        for (String name : form.keySet()) {
            if (!PARAMETERS.contains(name) && !LIST_MEMBER.matcher(name).matches()) {
                return error(400, "UnknownParameter", "The parameter " + name + " is not recognized");
            }
        }
        if (prices.takeThrottle(AwsPrices.Api.EC2)) return error(503, "RequestLimitExceeded", "Request limit exceeded.");
        if (prices.fails(region)) return error(500, "InternalError", "An internal error has occurred");
        List<String> types = members(form, "InstanceType");
        for (String type : types) {
            if (!INSTANCE_TYPE.matcher(type).matches()) return error(400, "InvalidParameterValue", "Invalid value '" + type + "' for InstanceType.");
        }
        List<String> descriptions = members(form, "ProductDescription");
        Instant start;
        Instant end;
        int maxResults;
        try {
            start = form.containsKey("StartTime") ? Instant.parse(form.get("StartTime")) : Instant.EPOCH;
            end = form.containsKey("EndTime") ? Instant.parse(form.get("EndTime")) : Instant.MAX;
            maxResults = Integer.parseInt(form.getOrDefault("MaxResults", "1000"));
        } catch (DateTimeParseException | NumberFormatException e) {
            return error(400, "InvalidParameterValue", "Invalid value for StartTime, EndTime or MaxResults: " + e.getMessage());
        }
        if (maxResults < 1 || maxResults > 1000) return error(400, "InvalidParameterValue", "MaxResults must be from 1 to 1000");

        List<CannedPrices.SpotPrice> selected = select(region, types, descriptions, form.get("AvailabilityZone"), start, end);
        Map<String, String> query = new TreeMap<>(form);
        query.remove("NextToken");
        String fingerprint = region + query;
        int offset = 0;
        if (form.containsKey("NextToken") && !form.get("NextToken").isEmpty()) {
            offset = AwsPrices.offset(form.get("NextToken"), NAME, fingerprint);
            if (offset < 0) return error(400, "InvalidNextToken", "The specified token is not valid for this request");
        }
        AwsPrices.Page<CannedPrices.SpotPrice> page = AwsPrices.page(selected, offset, prices.pageSizeFor(maxResults), NAME, fingerprint);
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<DescribeSpotPriceHistoryResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">\n")
                .append("    <requestId>").append(UUID.randomUUID()).append("</requestId>\n")
                .append("    <spotPriceHistorySet>\n");
        for (CannedPrices.SpotPrice p : page.items()) {
            xml.append("        <item>\n")
                    .append("            <instanceType>").append(p.instanceType()).append("</instanceType>\n")
                    .append("            <productDescription>").append(p.productDescription()).append("</productDescription>\n")
                    .append("            <spotPrice>").append(String.format(java.util.Locale.ROOT, "%.6f", p.usd())).append("</spotPrice>\n")
                    .append("            <timestamp>").append(p.timestamp().truncatedTo(ChronoUnit.MILLIS)).append("</timestamp>\n")
                    .append("            <availabilityZone>").append(p.zone()).append("</availabilityZone>\n")
                    .append("        </item>\n");
        }
        xml.append("    </spotPriceHistorySet>\n")
                .append("    <nextToken>").append(page.nextToken() == null ? "" : page.nextToken()).append("</nextToken>\n")
                .append("</DescribeSpotPriceHistoryResponse>\n");
        return new ResponseDefinitionBuilder().withStatus(200).withHeader("Content-Type", "text/xml;charset=UTF-8")
                .withBody(xml.toString()).build();
    }

    /**
     * The prices in effect from {@code start} to {@code end}: each zone's and type's changes in that span and the last
     * one before it, newest first.
     */
    private static List<CannedPrices.SpotPrice> select(String region, List<String> types, List<String> descriptions, String zone,
                                                       Instant start, Instant end) {
        Map<String, List<CannedPrices.SpotPrice>> series = CannedPrices.SPOT.stream()
                .filter(p -> p.region().equals(region) && (types.isEmpty() || types.contains(p.instanceType()))
                        && (descriptions.isEmpty() || descriptions.contains(p.productDescription()))
                        && (zone == null || zone.equals(p.zone())))
                .collect(Collectors.groupingBy(p -> p.zone() + " " + p.instanceType() + " " + p.productDescription(), TreeMap::new,
                        Collectors.toList()));
        List<CannedPrices.SpotPrice> selected = new ArrayList<>();
        for (List<CannedPrices.SpotPrice> changes : series.values()) {
            CannedPrices.SpotPrice inEffect = null;
            for (CannedPrices.SpotPrice p : changes) {
                if (p.timestamp().isAfter(end)) continue;
                if (!p.timestamp().isBefore(start)) {
                    selected.add(p);
                } else if (inEffect == null || p.timestamp().isAfter(inEffect.timestamp())) {
                    inEffect = p;
                }
            }
            if (inEffect != null) selected.add(inEffect);
        }
        selected.sort(Comparator.comparing(CannedPrices.SpotPrice::timestamp).reversed()
                .thenComparing(CannedPrices.SpotPrice::zone).thenComparing(CannedPrices.SpotPrice::instanceType));
        return selected;
    }

    /** The values of list parameter {@code name} ({@code name.1}, {@code name.2}...), in index order. */
    private static List<String> members(Map<String, String> form, String name) {
        Map<Integer, String> byIndex = new TreeMap<>();
        form.forEach((k, v) -> {
            if (k.startsWith(name + ".")) byIndex.put(Integer.parseInt(k.substring(name.length() + 1)), v);
        });
        return List.copyOf(byIndex.values());
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new TreeMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            form.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return form;
    }

    /** An EC2 error answer (errors-overview.html): the code and message in {@code Response/Errors/Error}, and a request id. */
    static ResponseDefinition error(int status, String code, String message) {
        return new ResponseDefinitionBuilder().withStatus(status).withHeader("Content-Type", "text/xml;charset=UTF-8")
                .withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + code + "</Code><Message>"
                        + message.replace("&", "&amp;").replace("<", "&lt;") + "</Message></Error></Errors><RequestID>"
                        + UUID.randomUUID() + "</RequestID></Response>").build();
    }
}
