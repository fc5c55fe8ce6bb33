package dev.cloudai.cli;

import dev.cloudai.accelerator.AcceleratorCatalog;
import dev.cloudai.accelerator.AcceleratorRequirement;
import dev.cloudai.accelerator.Offer;
import dev.cloudai.accelerator.Workload;
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
 * {@code --explain} says which constraint removed what and names the nearest misses.
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

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "Show at most N offers. Default: ${DEFAULT-VALUE}.")
    int limit;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", description = "table or json. Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--explain", description = "When nothing fits, say which constraint removed how many offers, and the nearest misses.")
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
        AcceleratorRequirement requirement = b.build();

        AcceleratorCatalog catalog = session.catalog();
        List<Offer> offers = catalog.select(requirement);
        List<Offer> shown = offers.subList(0, Math.min(limit, offers.size()));
        if (format == Format.JSON) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("requirement", requirement.toString());
            doc.put("matches", offers.size());
            List<Map<String, Object>> list = new ArrayList<>();
            shown.forEach(o -> list.add(json(o, requirement.spot())));
            doc.put("offers", list);
            if (offers.isEmpty() && explain) doc.put("explanation", catalog.explain(requirement).toString());
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
        Table t = new Table("cloud", "platform", "region", "instance", "accelerator", ">count", ">GiB each",
                ">" + (requirement.spot() ? "spot $/hour" : "$/hour"));
        for (Offer o : shown) {
            t.row(o.cloud(), o.platform(), o.region(), o.instanceType(), o.accelerator(), count(o.acceleratorCount()),
                    number(o.acceleratorMemoryGib(), "%.0f"), number(o.price(requirement.spot()), "%.2f"));
        }
        t.print(out);
        out.println(offers.size() > shown.size()
                ? "(" + shown.size() + " of " + offers.size() + " offers; --limit shows more)"
                : "(" + offers.size() + (offers.size() == 1 ? " offer)" : " offers)"));
        out.println("Best: " + offers.get(0).instanceType() + ": " + String.join("; ", offers.get(0).reasons()));
        out.flush();
        return ExitCodes.OK;
    }

    private static Map<String, Object> json(Offer o, boolean spot) {
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
        m.put("priceUsed", o.price(spot));
        m.put("reasons", o.reasons());
        return m;
    }

    static String count(double n) {
        return n == Math.rint(n) ? Long.toString((long) n) : String.format(Locale.ROOT, "%.2f", n);
    }

    static String number(OptionalDouble d, String pattern) {
        return d.isPresent() ? String.format(Locale.ROOT, pattern, d.getAsDouble()) : "-";
    }
}
