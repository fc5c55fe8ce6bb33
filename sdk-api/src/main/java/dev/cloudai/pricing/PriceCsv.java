package dev.cloudai.pricing;

import dev.cloudai.internal.util.CsvLines;

import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the price CSV format of {@link #HEADER}, as in the built-in {@code model-prices.csv}. Fields are plain (no
 * quoting), trimmed; blank lines and lines starting with {@code #} are skipped. A malformed row fails with the
 * source, its line number and the column; a row that repeats another (same provider and model, in any letter case)
 * fails with both line numbers.
 */
final class PriceCsv {
    static final String HEADER = "provider,model,input_usd_per_1m,output_usd_per_1m,cached_input_usd_per_1m,"
            + "cache_write_usd_per_1m,source,source_date,notes";

    private static final List<String> COLUMNS = Arrays.asList(HEADER.split(","));
    /** A provider id as {@code cloudai.provider} takes it. */
    private static final Pattern PROVIDER = Pattern.compile("[a-z][a-z0-9]*");
    /** A plain decimal: no sign, exponent, NaN or infinity, so what the file says is what is charged. */
    private static final Pattern DECIMAL = Pattern.compile("[0-9]+(\\.[0-9]+)?|\\.[0-9]+");

    private PriceCsv() {
    }

    static List<ModelPrice> read(InputStream in, String source) {
        List<ModelPrice> out = new ArrayList<>();
        Map<String, Integer> lineOf = new HashMap<>();
        CsvLines.forEach(in, source, HEADER, (number, cells) -> {
            ModelPrice price = new Row(source, number, cells).toPrice();
            Integer first = lineOf.putIfAbsent(price.key(), number);
            if (first != null) {
                throw new IllegalArgumentException(source + ":" + number + ": line " + number + " repeats line "
                        + first + ": " + price.provider() + "," + price.modelId()
                        + "; a price table has one row per provider and model, so remove one of them");
            }
            out.add(price);
        });
        return out;
    }

    /** One data row, with the parsing helpers that name the line and column on failure. */
    private record Row(String source, int line, String[] cells) {

        String text(String column) {
            return cells[COLUMNS.indexOf(column)].strip();
        }

        String required(String column) {
            String v = text(column);
            if (v.isEmpty()) throw fail(column, v, "must not be empty");
            return v;
        }

        Optional<BigDecimal> price(String column) {
            String v = text(column);
            if (v.isEmpty()) return Optional.empty();
            if (!DECIMAL.matcher(v).matches()) {
                throw fail(column, v, "is not a price; write a plain decimal such as 0.25 (USD per million tokens)"
                        + " or leave the cell empty when no price is published");
            }
            return Optional.of(new BigDecimal(v));
        }

        ModelPrice toPrice() {
            String given = required("provider");
            String provider = given.toLowerCase(Locale.ROOT);   // as cloudai.provider names it
            if (!PROVIDER.matcher(provider).matches()) {
                throw fail("provider", given, "is not a provider id (letters and digits, such as aws)");
            }
            BigDecimal input = price("input_usd_per_1m").orElseThrow(() -> fail("input_usd_per_1m", "", "must not be empty"));
            LocalDate date;
            String d = required("source_date");
            try {
                date = LocalDate.parse(d);
            } catch (DateTimeParseException e) {
                throw fail("source_date", d, "is not a date; write it as 2026-07-24");
            }
            return new ModelPrice(provider, required("model"), input, price("output_usd_per_1m"),
                    price("cached_input_usd_per_1m"), price("cache_write_usd_per_1m"), required("source"), date,
                    text("notes"));
        }

        IllegalArgumentException fail(String column, String value, String problem) {
            return new IllegalArgumentException(source + ":" + line + ", column " + column + ": '" + value + "' " + problem);
        }
    }
}
