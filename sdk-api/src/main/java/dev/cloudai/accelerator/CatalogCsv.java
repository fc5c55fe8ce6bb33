package dev.cloudai.accelerator;

import dev.cloudai.internal.util.CsvLines;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reads the two catalog CSV formats: offers (the columns of {@link #OFFERS_HEADER}, as in the built-in
 * {@code catalog.csv}) and the accelerator reference table ({@link #ACCELERATORS_HEADER}). Fields are plain (no
 * quoting), trimmed; blank lines and lines starting with {@code #} are skipped. A malformed row fails with the
 * source, its line number and the column.
 */
final class CatalogCsv {
    static final String OFFERS_HEADER = "cloud,platform,region,instance_type,accelerator,accelerator_count,"
            + "accelerator_memory_gib,vcpus,memory_gib,network_gbps,price_per_hour,spot_price_per_hour,workloads,notes";
    /**
     * Columns a catalog file may append after the pinned ones, in any order; a file without them still loads. A
     * column the header lacks reads as empty.
     */
    static final List<String> OPTIONAL_OFFER_COLUMNS =
            List.of(PricingModel.COMMITTED_1Y.column(), PricingModel.COMMITTED_3Y.column());
    static final String ACCELERATORS_HEADER =
            "name,aliases,vendor,memory_gib,memory_bandwidth_gbps,bf16_tflops,int8_tops,intended_use,source";

    private static final Set<String> CLOUDS = Set.of("aws", "gcp", "azure");
    private static final Set<String> PLATFORMS = Set.of("sagemaker", "vertex", "azureml", "vm");

    private CatalogCsv() {
    }

    /**
     * The offers of a catalog file. A row that repeats an earlier one (same cloud, platform, region and instance
     * type, in any letter case) fails with both line numbers: {@code select} would otherwise list that offer twice,
     * perhaps with two prices.
     */
    static List<Offer> readOffers(InputStream in, String source) {
        List<Offer> out = new ArrayList<>();
        Map<String, Integer> lineOf = new HashMap<>();
        forEachRow(in, source, OFFERS_HEADER, OPTIONAL_OFFER_COLUMNS, row -> {
            Offer offer = row.toOffer();
            Integer first = lineOf.putIfAbsent(offer.identity(), row.line());
            if (first != null) {
                throw new IllegalArgumentException(source + ":" + row.line() + ": line " + row.line() + " repeats line "
                        + first + ": " + String.join(",", offer.cloud(), offer.platform(), offer.region(), offer.instanceType())
                        + "; a catalog has one row per cloud, platform, region and instance type, so remove one of them");
            }
            out.add(offer);
        });
        return out;
    }

    static List<Accelerator> readAccelerators(InputStream in, String source) {
        List<Accelerator> out = new ArrayList<>();
        forEachRow(in, source, ACCELERATORS_HEADER, List.of(), row -> out.add(row.toAccelerator()));
        return out;
    }

    /**
     * Writes offers in the catalog format that {@link #readOffers} reads back to equal offers (reasons aside): the
     * pinned header, plus the committed-price columns when any offer has such a price. A comma or line break in the
     * notes becomes {@code ;} or a space, since fields are not quoted.
     *
     * @throws IllegalArgumentException naming the offer and the field when a name (cloud, platform, region, instance
     *                                  type, accelerator) holds a comma or a line break, which no unquoted field can
     *                                  carry: the file would not read back
     */
    static void writeOffers(List<Offer> offers, Appendable out) throws java.io.IOException {
        for (int i = 0; i < offers.size(); i++) {
            Offer o = offers.get(i);
            plain(i, "cloud", o.cloud());
            plain(i, "platform", o.platform());
            plain(i, "region", o.region());
            plain(i, "instanceType", o.instanceType());
            plain(i, "accelerator", o.accelerator());
        }
        boolean committed = offers.stream().anyMatch(o -> o.committed1yPricePerHour().isPresent()
                || o.committed3yPricePerHour().isPresent());
        out.append(OFFERS_HEADER);
        if (committed) out.append(',').append(String.join(",", OPTIONAL_OFFER_COLUMNS));
        out.append('\n');
        StringBuilder line = new StringBuilder(160);
        for (Offer o : offers) {
            line.setLength(0);
            line.append(o.cloud()).append(',').append(o.platform()).append(',').append(o.region()).append(',')
                    .append(o.instanceType()).append(',').append(o.accelerator()).append(',')
                    .append(number(o.acceleratorCount())).append(',').append(number(o.acceleratorMemoryGib())).append(',')
                    .append(o.vcpus().isPresent() ? Integer.toString(o.vcpus().getAsInt()) : "").append(',')
                    .append(number(o.memoryGib())).append(',').append(number(o.networkGbps())).append(',')
                    .append(number(o.pricePerHour())).append(',').append(number(o.spotPricePerHour())).append(',')
                    .append(workloads(o.workloads())).append(',')
                    .append(o.notes().replace(',', ';').replace('\r', ' ').replace('\n', ' ').strip());
            if (committed) {
                line.append(',').append(number(o.committed1yPricePerHour())).append(',')
                        .append(number(o.committed3yPricePerHour()));
            }
            out.append(line).append('\n');
        }
    }

    private static void plain(int index, String field, String value) {
        if (value.indexOf(',') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("offers[" + index + "]." + field + ": '" + value.replace("\n", "\\n")
                    .replace("\r", "\\r") + "' holds a comma or a line break, which a catalog CSV field cannot carry");
        }
    }

    private static String number(OptionalDouble value) {
        return value.isPresent() ? number(value.getAsDouble()) : "";
    }

    private static String number(double value) {
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static String workloads(Set<Workload> workloads) {
        return workloads.contains(Workload.TRAINING)
                ? (workloads.contains(Workload.INFERENCE) ? "training;inference" : "training") : "inference";
    }

    private static void forEachRow(InputStream in, String source, String header, List<String> optional,
                                   java.util.function.Consumer<Row> action) {
        List<String> columns = new ArrayList<>(Arrays.asList(header.split(",")));
        columns.addAll(optional);
        CsvLines.forEach(in, source, header, optional,
                (number, cells) -> action.accept(new Row(source, number, columns, cells)));
    }

    /** One data row, with the parsing helpers that name the line and column on failure. */
    private record Row(String source, int line, List<String> columns, String[] cells) {

        String text(String column) {
            return cells[columns.indexOf(column)].strip();
        }

        String required(String column) {
            String v = text(column);
            if (v.isEmpty()) throw fail(column, v, "must not be empty");
            return v;
        }

        String oneOf(String column, Set<String> allowed) {
            String v = required(column).toLowerCase(Locale.ROOT);
            if (!allowed.contains(v)) throw fail(column, v, "must be one of " + new java.util.TreeSet<>(allowed));
            return v;
        }

        OptionalDouble number(String column, boolean positive) {
            String v = text(column);
            if (v.isEmpty()) return OptionalDouble.empty();
            double d;
            try {
                d = Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw fail(column, v, "is not a number");
            }
            if (Double.isNaN(d) || Double.isInfinite(d) || d < 0 || (positive && d == 0)) {
                throw fail(column, v, positive ? "must be a positive number" : "must not be negative");
            }
            return OptionalDouble.of(d);
        }

        OptionalInt whole(String column) {
            OptionalDouble d = number(column, true);
            if (d.isEmpty()) return OptionalInt.empty();
            if (d.getAsDouble() != Math.rint(d.getAsDouble()) || d.getAsDouble() > Integer.MAX_VALUE) {
                throw fail(column, text(column), "must be a whole number");
            }
            return OptionalInt.of((int) d.getAsDouble());
        }

        Set<Workload> workloads() {
            String v = required("workloads");
            Set<Workload> out = EnumSet.noneOf(Workload.class);
            for (String part : v.split(";")) {
                switch (part.strip().toLowerCase(Locale.ROOT)) {
                    case "training" -> out.add(Workload.TRAINING);
                    case "inference" -> out.add(Workload.INFERENCE);
                    default -> throw fail("workloads", v, "must be training, inference or training;inference");
                }
            }
            return out;
        }

        Offer toOffer() {
            OptionalDouble count = number("accelerator_count", true);
            if (count.isEmpty()) throw fail("accelerator_count", "", "must not be empty");
            return new Offer(oneOf("cloud", CLOUDS), oneOf("platform", PLATFORMS), required("region"),
                    required("instance_type"), required("accelerator"), count.getAsDouble(),
                    number("accelerator_memory_gib", true), whole("vcpus"), number("memory_gib", true),
                    number("network_gbps", true), number("price_per_hour", false), number("spot_price_per_hour", false),
                    workloads(), text("notes"), List.of(), number(PricingModel.COMMITTED_1Y.column(), false),
                    number(PricingModel.COMMITTED_3Y.column(), false));
        }

        Accelerator toAccelerator() {
            OptionalDouble memory = number("memory_gib", true);
            if (memory.isEmpty()) throw fail("memory_gib", "", "must not be empty");
            List<String> aliases = Arrays.stream(text("aliases").split(";")).map(String::strip)
                    .filter(s -> !s.isEmpty()).toList();
            return new Accelerator(required("name"), aliases, required("vendor"), memory.getAsDouble(),
                    number("memory_bandwidth_gbps", true), number("bf16_tflops", true), number("int8_tops", true),
                    text("intended_use"), text("source"));
        }

        IllegalArgumentException fail(String column, String value, String problem) {
            return new IllegalArgumentException(source + ":" + line + ", column " + column + ": '" + value + "' " + problem);
        }
    }
}
