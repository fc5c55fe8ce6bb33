package dev.cloudai.cli;

import dev.cloudai.accelerator.AcceleratorCatalog;
import dev.cloudai.accelerator.AcceleratorRequirement;
import dev.cloudai.accelerator.Accelerator;
import dev.cloudai.accelerator.Offer;
import dev.cloudai.accelerator.PricingModel;
import dev.cloudai.accelerator.Ranking;
import dev.cloudai.accelerator.ServingThroughput;
import dev.cloudai.accelerator.Workload;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * {@code cloudai accelerators}: the catalog's offers that fit, cheapest first, as a table or JSON; when none fits,
 * {@code --explain} says which constraint removed what and names the nearest misses. {@code --pricing} chooses the
 * price (on-demand, spot, committed 1 or 3 years); {@code --tokens-per-second} gives serving throughput figures and
 * ranks by USD per million output tokens.
 */
@Command(name = "accelerators", description = {
        "Rank accelerator offers across clouds (AWS Inferentia and Trainium, Google TPU, NVIDIA GPUs) that fit a workload,"
                + " cheapest first.",
        "Reads the catalog 'cloudai catalog refresh' cached when there is one (see 'cloudai catalog status'), else the"
                + " built-in one; with --live, cloudai.catalog.file replaces or extends it. --provider narrows to one cloud."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  cloudai accelerators --accelerator inf2",
                "  cloudai accelerators --model-size 70 --precision bf16 --platform sagemaker,vertex,azureml",
                "  cloudai accelerators --workload training --accelerator trn1,v5e,H100 --spot --format json",
                "  cloudai accelerators --accelerator H100 --min-count 8 --pricing committed-1y",
                "  cloudai accelerators --model-size 8 --tokens-per-second L4=900,L40S=2500,ml.inf2.xlarge=600",
                "  cloudai accelerators --cloud aws --min-memory 141 --max-price 10 --explain"})
final class AcceleratorsCommand extends SessionCommand {

    @Option(names = "--workload", paramLabel = "W",
            description = "inference or training. Default: any workload, or inference with --model-size (a model's"
                    + " memory need depends on the workload).")
    Workload workload;

    @Option(names = "--cloud", split = ",", paramLabel = "CLOUD", description = "Only these clouds: aws, gcp, azure.")
    List<String> clouds;

    @Option(names = "--region", split = ",", paramLabel = "REGION", description = "Only these regions: us-east-1, us-central1, eastus...")
    List<String> regions;

    @Option(names = "--platform", split = ",", paramLabel = "PLATFORM",
            description = "Only these platforms: sagemaker, vertex, azureml (managed endpoints) or vm.")
    List<String> platforms;

    @Mixin
    HardwareOptions hardware;

    @Option(names = "--tokens-per-second", split = ",", paramLabel = "NAME=N",
            description = "Serving throughput you measured, in output tokens per second: per device for an accelerator"
                    + " name or alias (H100=1500), per instance for an instance type (ml.inf2.48xlarge=2400). Shows tokens/s"
                    + " and $ per 1M output tokens, and ranks by the latter unless --rank-by price.")
    List<String> tokensPerSecond;

    @Option(names = "--rank-by", paramLabel = "R", converter = RankingConverter.class,
            description = "price (per hour) or cost-per-million-tokens (needs --tokens-per-second). Default:"
                    + " cost-per-million-tokens with --tokens-per-second, else price.")
    Ranking rankBy;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "Show at most N offers. Default: ${DEFAULT-VALUE}.")
    int limit;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", description = "table or json. Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--explain", description = "When nothing fits, say which constraint removed how many offers, and the"
            + " nearest misses; when offers fit, add the notes on prices and ranking (offers without a throughput figure).")
    boolean explain;

    @Override
    int run(Session session, PrintWriter out, PrintWriter err) {
        if (limit < 1) throw new IllegalArgumentException("limit: must be at least 1, was " + limit);
        AcceleratorRequirement.Builder b = hardware.applyTo(AcceleratorRequirement.builder());
        // Unset means any workload, except that a model size is sized for serving unless training is asked.
        if (workload != null) b.workload(workload);
        else if (hardware.modelSize != null) b.workload(Workload.INFERENCE);
        if (clouds != null) b.clouds(clouds.toArray(String[]::new));
        else root.connection.provider().ifPresent(p -> b.clouds(p));
        if (regions != null) b.regions(regions.toArray(String[]::new));
        if (platforms != null) b.platforms(platforms.toArray(String[]::new));
        AcceleratorCatalog catalog = session.catalog();
        if (tokensPerSecond != null) {
            for (String figure : tokensPerSecond) b.throughput(throughput(figure, catalog));
        }
        if (rankBy != null) b.rankBy(rankBy);
        else if (tokensPerSecond != null) b.rankBy(Ranking.COST_PER_MILLION_TOKENS);
        AcceleratorRequirement requirement = b.build();

        List<Offer> offers = catalog.select(requirement);
        List<Offer> shown = offers.subList(0, Math.min(limit, offers.size()));
        if (format == Format.JSON) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("requirement", requirement.toString());
            doc.put("pricing", HardwareOptions.spelling(requirement.pricing()));
            doc.put("rankBy", requirement.rankBy() == Ranking.PRICE_PER_HOUR ? "price" : "cost-per-million-tokens");
            doc.put("matches", offers.size());
            List<Map<String, Object>> list = new ArrayList<>();
            shown.forEach(o -> list.add(json(o, requirement.pricing())));
            doc.put("offers", list);
            if (explain) {
                var explanation = catalog.explain(requirement);
                if (offers.isEmpty()) doc.put("explanation", explanation.toString());
                doc.put("notes", explanation.notes());
            }
            out.println(Json.write(doc));
            out.flush();
            return ExitCodes.OK;
        }
        if (offers.isEmpty()) {
            out.println("No offer fits " + requirement + ".");
            if (explain) {
                catalog.explain(requirement).toString().lines().forEach(l -> out.println("  " + l));
            } else {
                out.println("Add --explain to see which constraint removed how many offers, and the nearest misses.");
            }
            out.flush();
            return ExitCodes.OK;
        }
        PricingModel pricing = requirement.pricing();
        boolean perToken = !requirement.throughput().isEmpty();
        List<String> header = new ArrayList<>(List.of("cloud", "platform", "region", "instance", "accelerator", ">count",
                ">GiB each", ">" + (pricing == PricingModel.ON_DEMAND ? "" : pricing.label() + " ") + "$/hour"));
        if (perToken) header.addAll(List.of(">tokens/s", ">$/1M tokens"));
        Table t = new Table(header.toArray(String[]::new));
        for (Offer o : shown) {
            List<String> row = new ArrayList<>(List.of(o.cloud(), o.platform(), o.region(), o.instanceType(), o.accelerator(),
                    count(o.acceleratorCount()), number(o.acceleratorMemoryGib(), "%.0f"), number(o.price(pricing), "%.2f")));
            if (perToken) {
                row.add(number(o.outputTokensPerSecond(), "%.0f"));
                row.add(number(o.costPerMillionTokens(pricing), "%.4f"));
            }
            t.row(row.toArray(String[]::new));
        }
        t.print(out);
        out.println(offers.size() > shown.size()
                ? "(" + shown.size() + " of " + offers.size() + " offers; --limit shows more)"
                : "(" + offers.size() + (offers.size() == 1 ? " offer)" : " offers)"));
        out.println("Best: " + offers.get(0).instanceType() + ": " + String.join("; ", offers.get(0).reasons()));
        if (explain) catalog.explain(requirement).notes().forEach(n -> out.println("Note: " + n));
        out.flush();
        return ExitCodes.OK;
    }

    private static Map<String, Object> json(Offer o, PricingModel pricing) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cloud", o.cloud());
        m.put("platform", o.platform());
        m.put("region", o.region());
        m.put("instanceType", o.instanceType());
        m.put("accelerator", o.accelerator());
        m.put("acceleratorCount", o.acceleratorCount());
        m.put("acceleratorMemoryGib", o.acceleratorMemoryGib());
        m.put("totalAcceleratorMemoryGib", o.totalAcceleratorMemoryGib());
        m.put("networkGbps", o.networkGbps());
        m.put("pricePerHour", o.pricePerHour());
        m.put("spotPricePerHour", o.spotPricePerHour());
        m.put("committed1yPricePerHour", o.committed1yPricePerHour());
        m.put("committed3yPricePerHour", o.committed3yPricePerHour());
        m.put("priceUsed", o.price(pricing));
        m.put("outputTokensPerSecond", o.outputTokensPerSecond());
        m.put("costPerMillionTokens", o.costPerMillionTokens(pricing));
        m.put("reasons", o.reasons());
        return m;
    }

    /**
     * One {@code NAME=N} figure: per device when NAME is an accelerator the catalog knows (by name or alias, or used
     * by its offers), per instance when it is one of its instance types; anything else is refused here, where the
     * user can still be told which option to fix.
     */
    static ServingThroughput throughput(String figure, AcceleratorCatalog catalog) {
        int eq = figure.indexOf('=');
        if (eq <= 0 || eq == figure.length() - 1) {
            throw new IllegalArgumentException("throughput: '" + figure + "' is not NAME=TOKENS_PER_SECOND, for example H100=1500");
        }
        String name = figure.substring(0, eq).strip();
        double tokens;
        try {
            tokens = Double.parseDouble(figure.substring(eq + 1).strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("throughput: '" + figure.substring(eq + 1) + "' in '" + figure
                    + "' is not a number of output tokens per second");
        }
        String key = Accelerator.normalize(name);
        if (catalog.accelerator(name).isPresent()
                || catalog.offers().stream().anyMatch(o -> Accelerator.normalize(o.accelerator()).equals(key))) {
            return ServingThroughput.perDevice(name, tokens);
        }
        if (catalog.offers().stream().anyMatch(o -> o.instanceType().equalsIgnoreCase(name))) {
            return ServingThroughput.perInstance(name, tokens);
        }
        throw new IllegalArgumentException("throughput: '" + name + "' is neither an accelerator nor an instance type of"
                + " the catalog; give an accelerator name or alias (H100, inf2) for a per-device figure, or an instance"
                + " type (ml.g6e.12xlarge) for a per-instance one");
    }

    /** Reads {@code price} and {@code cost-per-million-tokens}, in any letter case. */
    static final class RankingConverter implements CommandLine.ITypeConverter<Ranking> {
        @Override
        public Ranking convert(String value) {
            return switch (value.strip().toLowerCase(Locale.ROOT).replace('_', '-')) {
                case "price", "price-per-hour" -> Ranking.PRICE_PER_HOUR;
                case "cost-per-million-tokens", "cost-per-token" -> Ranking.COST_PER_MILLION_TOKENS;
                default -> throw new CommandLine.TypeConversionException("'" + value
                        + "' is not a ranking; use price or cost-per-million-tokens");
            };
        }
    }

    static String count(double n) {
        return n == Math.rint(n) ? Long.toString((long) n) : String.format(Locale.ROOT, "%.2f", n);
    }

    static String number(OptionalDouble d, String pattern) {
        return d.isPresent() ? String.format(Locale.ROOT, pattern, d.getAsDouble()) : "-";
    }
}
