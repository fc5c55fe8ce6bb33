package dev.cloudai.testkit.azure;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The OData {@code $filter} subset the emulated Retail Prices API evaluates, strictly: what it does not know is refused
 * the way the real API refuses a filter it cannot run (400, "Invalid OData parameters supplied").
 *
 * <pre>
 * filter     := or
 * or         := and ( "or" and )*
 * and        := primary ( "and" primary )*
 * primary    := "(" or ")" | field ( "eq" | "ne" ) 'text' | "contains(" field "," 'text' ")"
 * </pre>
 *
 * <ul>
 *   <li>Fields: the ones Microsoft's reference lists as filterable ({@code armRegionName}, {@code location},
 *       {@code meterId}, {@code meterName}, {@code productId}, {@code skuId}, {@code productName}, {@code skuName},
 *       {@code serviceName}, {@code serviceId}, {@code serviceFamily}, {@code priceType} (the items' {@code type}),
 *       {@code armSkuName}); their names in any letter case, as the reference itself writes {@code Location} and
 *       {@code productid}. Any other field is refused.</li>
 *   <li>Values are case-sensitive, as the reference says of {@code 2023-01-01-preview} and later; a quote inside a
 *       value is doubled ({@code 'O''Neil'}), as in OData.</li>
 *   <li>{@code not(...)} and {@code in (...)} are refused: users of the real API report both answer 400.</li>
 *   <li>More than {@value #MAX_COMPARISONS} comparisons are refused: users report the real API answers 400 past
 *       about that many, however short the filter; Microsoft does not document a limit.</li>
 * </ul>
 *
 * <pre>{@code
 * Predicate<JsonNode> p = RetailPriceFilter.parse("serviceName eq 'Virtual Machines' and (armSkuName eq 'A' or armSkuName eq 'B')");
 * }</pre>
 */
final class RetailPriceFilter {
    static final int MAX_COMPARISONS = 20;
    private static final Map<String, String> FIELDS = Map.ofEntries(
            Map.entry("armregionname", "armRegionName"), Map.entry("location", "location"),
            Map.entry("meterid", "meterId"), Map.entry("metername", "meterName"), Map.entry("productid", "productId"),
            Map.entry("skuid", "skuId"), Map.entry("productname", "productName"), Map.entry("skuname", "skuName"),
            Map.entry("servicename", "serviceName"), Map.entry("serviceid", "serviceId"),
            Map.entry("servicefamily", "serviceFamily"), Map.entry("pricetype", "type"),
            Map.entry("armskuname", "armSkuName"));

    private final List<String> tokens;
    private int at;
    private int comparisons;

    private RetailPriceFilter(List<String> tokens) {
        this.tokens = tokens;
    }

    /**
     * The items a filter selects.
     *
     * @throws Invalid when the filter is outside the subset, or malformed
     */
    static Predicate<JsonNode> parse(String filter) {
        RetailPriceFilter parser = new RetailPriceFilter(tokenize(filter));
        Predicate<JsonNode> p = parser.or();
        if (parser.at < parser.tokens.size()) throw new Invalid("unexpected '" + parser.tokens.get(parser.at) + "'");
        if (parser.comparisons > MAX_COMPARISONS) {
            throw new Invalid(parser.comparisons + " comparisons, more than " + MAX_COMPARISONS);
        }
        return p;
    }

    private Predicate<JsonNode> or() {
        Predicate<JsonNode> p = and();
        while (accept("or")) p = p.or(and());
        return p;
    }

    private Predicate<JsonNode> and() {
        Predicate<JsonNode> p = primary();
        while (accept("and")) p = p.and(primary());
        return p;
    }

    private Predicate<JsonNode> primary() {
        if (accept("(")) {
            Predicate<JsonNode> p = or();
            expect(")");
            return p;
        }
        String word = next();
        if (word.equals("contains")) {
            expect("(");
            String field = field(next());
            expect(",");
            String text = literal(next());
            expect(")");
            comparisons++;
            return item -> item.path(field).asText("").contains(text);
        }
        String field = field(word);
        String operator = next();
        if (!operator.equals("eq") && !operator.equals("ne")) throw new Invalid("operator '" + operator + "'");
        String text = literal(next());
        comparisons++;
        Predicate<JsonNode> equal = item -> item.path(field).isValueNode() && item.path(field).asText().equals(text);
        return operator.equals("eq") ? equal : equal.negate();
    }

    private static String field(String word) {
        String field = FIELDS.get(word.toLowerCase(Locale.ROOT));
        if (field == null) throw new Invalid("field '" + word + "'");
        return field;
    }

    private static String literal(String token) {
        if (token.length() < 2 || token.charAt(0) != '\'' || token.charAt(token.length() - 1) != '\'') {
            throw new Invalid("expected a quoted value, got '" + token + "'");
        }
        return token.substring(1, token.length() - 1).replace("''", "'");
    }

    private boolean accept(String token) {
        if (at < tokens.size() && tokens.get(at).equals(token)) {
            at++;
            return true;
        }
        return false;
    }

    private void expect(String token) {
        if (!accept(token)) throw new Invalid("expected '" + token + "'");
    }

    private String next() {
        if (at >= tokens.size()) throw new Invalid("the filter ends too soon");
        return tokens.get(at++);
    }

    /** Words, quoted values (with {@code ''} inside), and the punctuation {@code ( ) ,}. */
    private static List<String> tokenize(String filter) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < filter.length()) {
            char c = filter.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')' || c == ',') {
                out.add(String.valueOf(c));
                i++;
            } else if (c == '\'') {
                int j = i + 1;
                while (true) {
                    if (j >= filter.length()) throw new Invalid("an unterminated quoted value");
                    if (filter.charAt(j) == '\'') {
                        if (j + 1 < filter.length() && filter.charAt(j + 1) == '\'') {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    j++;
                }
                out.add(filter.substring(i, j + 1));
                i = j + 1;
            } else if (Character.isLetter(c)) {
                int j = i;
                while (j < filter.length() && Character.isLetterOrDigit(filter.charAt(j))) j++;
                out.add(filter.substring(i, j));
                i = j;
            } else {
                throw new Invalid("the character '" + c + "'");
            }
        }
        return out;
    }

    /** A filter the emulator, like the real API, cannot run; the reason is for the emulator's own diagnostics. */
    static final class Invalid extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Invalid(String reason) {
            super(reason, null, false, false);
        }
    }
}
