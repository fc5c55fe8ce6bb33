package dev.cloudai.cli;

import dev.cloudai.CatalogRefresh;
import dev.cloudai.CloudAi;
import dev.cloudai.CloudAiConfig;
import dev.cloudai.accelerator.AcceleratorCatalog;
import dev.cloudai.accelerator.CatalogCache;
import dev.cloudai.accelerator.PricingModel;
import dev.cloudai.spi.PriceSource;
import dev.cloudai.testkit.CloudEmulator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/**
 * {@code cloudai catalog refresh}: fetches current prices from each cloud's own price API ({@link CatalogRefresh})
 * and writes the refreshed catalog to the home cache, which {@code AcceleratorCatalog.current()},
 * {@code CloudAi.accelerators()} and {@code cloudai accelerators} then prefer, or to {@code --output FILE}. On the
 * embedded emulator (the default) the prices are the emulator's: shown, and written only with {@code --output}, never
 * into the cache.
 */
@Command(name = "refresh", description = {
        "Fetch current prices from the clouds' own price APIs (AWS Price List, Google Cloud Billing Catalog, Azure Retail"
                + " Prices) and write the refreshed catalog to the cache (~/.cloudai/catalog, or cloudai.catalog.cache-dir)"
                + " or to --output FILE.",
        "With --live, the real APIs, configured as for the other commands. On the embedded emulator (the default) the"
                + " emulator's prices are shown and written only with --output, never into the cache.",
        "A cache edited by hand is never overwritten without --force."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  cloudai catalog refresh --live",
                "  cloudai catalog refresh --live --clouds aws,azure --regions us-east-1,eastus --pricing on-demand,spot",
                "  cloudai catalog refresh --live --regions gcp:europe-west4 --output prices.csv",
                "  cloudai catalog refresh --output emulated.csv          (the emulator's prices)"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:every cloud answered (problems of a part are printed)",
                "3:bad configuration, or no adapter with a price source",
                "4:a bad option value, or a cache edited by hand (give --force)",
                "5:a cloud failed entirely (the others' prices are still written)"})
final class CatalogRefreshCommand implements Callable<Integer> {

    @ParentCommand
    CatalogCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = {"--clouds", "--cloud"}, split = ",", paramLabel = "CLOUD",
            description = "Only these clouds: aws, gcp, azure. Default: every cloud whose adapter has a price source"
                    + " (--provider narrows it to one).")
    List<String> clouds;

    @Option(names = {"--regions", "--region"}, split = ",", paramLabel = "REGION",
            description = "The regions to price: REGION for every cloud, or CLOUD:REGION for one (gcp:europe-west4)."
                    + " Default: the regions the built-in catalog has for each cloud.")
    List<String> regions;

    @Option(names = "--pricing", split = ",", paramLabel = "MODEL", converter = PricingConverter.class,
            description = "The pricing models to fetch: on-demand, spot, committed-1y, committed-3y. Default: all.")
    List<PricingModel> pricing;

    @Option(names = "--output", paramLabel = "FILE", description = "Write the catalog CSV to FILE instead of the cache.")
    Path output;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "The cache directory. Default: cloudai.catalog.cache-dir, else ~/.cloudai/catalog.")
    Path cacheDir;

    @Option(names = "--force", description = "Overwrite a cache edited by hand (or not written by a refresh).")
    boolean force;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", description = "table or json. Default: ${DEFAULT-VALUE}.")
    Format format;

    @Override
    public Integer call() {
        CommandLine cmd = spec.commandLine();
        PrintWriter out = cmd.getOut();
        PrintWriter err = cmd.getErr();
        ConnectionOptions connection = parent.root.connection;
        Connector connector = parent.root.connector();

        Set<String> asked = new LinkedHashSet<>();
        if (clouds != null) clouds.forEach(c -> asked.add(c.strip().toLowerCase(Locale.ROOT)));
        else connection.provider().ifPresent(p -> asked.add(p.toLowerCase(Locale.ROOT)));
        Map<String, List<String>> perCloud = new TreeMap<>();
        List<String> everyCloud = new ArrayList<>();
        if (regions != null) {
            for (String r : regions) {
                int colon = r.indexOf(':');
                if (colon < 0) everyCloud.add(r.strip());
                else perCloud.computeIfAbsent(r.substring(0, colon).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(r.substring(colon + 1).strip());
            }
        }

        List<PriceSource> given = connector.priceSources().orElse(null);
        List<CloudEmulator> started = new ArrayList<>();
        try {
            // The emulator runs only for the clouds that need it: none when this run's sources are given.
            Set<String> emulated = new TreeSet<>();
            if (given == null && !connection.live) {
                emulated.addAll(asked.isEmpty() ? shippedOnClassPath() : asked);
                emulated.retainAll(Set.of("aws", "gcp", "azure"));
            }
            CloudAiConfig config = connector.priceConfig(connection, cmd, emulated, started::add);
            if (!connection.live && given == null) {
                err.println("[cloudai] Refreshing from the embedded CloudEmulator (" + String.join(", ", emulated)
                        + "): the emulator's prices, not the clouds'. Pass --live for the real price APIs.");
            }
            CloudAiConfig user = connection.live ? config : CloudAiConfig.load();
            CatalogCache cache = cacheDir != null ? CatalogCache.at(cacheDir) : user.catalogCache();
            boolean toCache = output == null && connection.live;

            AcceleratorCatalog base = AcceleratorCatalog.builtIn();
            if (connection.live && config.catalogFile().isPresent()) {
                base = base.withOverrides(AcceleratorCatalog.fromCsv(config.catalogFile().get()));
            }
            CatalogRefresh.Builder b = CatalogRefresh.builder(config).base(base).force(force);
            if (!asked.isEmpty()) b.clouds(asked.toArray(String[]::new));
            if (!everyCloud.isEmpty()) b.regions(everyCloud.toArray(String[]::new));
            perCloud.forEach(b::regionsOf);
            if (pricing != null && !pricing.isEmpty()) b.models(pricing.toArray(PricingModel[]::new));
            if (given != null) b.sources(given.toArray(PriceSource[]::new));
            if (toCache) b.cache(cache);

            CatalogRefresh.Result result;
            try {
                result = b.build().run();
            } catch (CatalogCache.LocalEditException e) {
                err.println(e.getMessage());
                err.flush();
                return ExitCodes.BAD_ARGUMENT;
            }
            Path written = result.written().orElse(null);
            if (output != null && !result.clouds().stream().allMatch(c -> c.status() == CatalogRefresh.Status.FAILED)) {
                written = writeOutput(result);
            }
            if (format == Format.JSON) printJson(result, written, out);
            else printTable(result, written, toCache, cache, connection.live, out);
            return result.failed().isEmpty() ? ExitCodes.OK : ExitCodes.CLOUD;
        } finally {
            if (given != null) given.forEach(PriceSource::close);
            started.forEach(CloudEmulator::close);
        }
    }

    private Path writeOutput(CatalogRefresh.Result result) {
        try {
            Path parentDir = output.toAbsolutePath().getParent();
            if (parentDir != null) Files.createDirectories(parentDir);
            Files.writeString(output, result.csv(), StandardCharsets.UTF_8);
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + output + ": " + e.getMessage(), e);
        }
    }

    private static Set<String> shippedOnClassPath() {
        return new TreeSet<>(CloudAi.availableProviders());
    }

    private static void printTable(CatalogRefresh.Result r, Path written, boolean toCache, CatalogCache cache,
                                   boolean live, PrintWriter out) {
        Table t = new Table("cloud", "status", ">regions", ">points", ">rows added", ">rows updated", ">requests",
                ">problems", ">seconds");
        for (CatalogRefresh.CloudResult c : r.clouds()) {
            t.row(c.cloud(), c.status().name().toLowerCase(Locale.ROOT), c.regions().size(), c.points(), c.rowsAdded(),
                    c.rowsUpdated(), c.requests(), c.problems().size(),
                    String.format(Locale.ROOT, "%.1f", c.elapsed().toMillis() / 1000.0));
        }
        t.print(out);
        for (CatalogRefresh.CloudResult c : r.clouds()) {
            c.error().ifPresent(e -> out.println(c.cloud() + " failed: " + e + " (its rows stay as they were)"));
            c.problems().forEach(p -> out.println(c.cloud() + " problem: " + p));
        }
        if (!r.unknownShapes().isEmpty()) {
            out.println(r.unknownShapes().size() + " priced instance types have no hardware facts in the catalog, so no"
                    + " rows (add them to a catalog file to use them):");
            r.unknownShapes().stream().limit(10).forEach(u -> out.println("  " + u.cloud() + " " + u.platform() + " "
                    + u.instanceType() + " " + u.regions()));
            if (r.unknownShapes().size() > 10) out.println("  ... and " + (r.unknownShapes().size() - 10) + " more");
        }
        if (!r.skipped().isEmpty()) out.println("Skipped (no price source in the adapter): " + String.join(", ", r.skipped()));
        int rows = r.catalog().offers().size();
        if (written != null) {
            out.println("Wrote " + rows + " rows to " + written + (toCache ? " (the cache every catalog now prefers)" : "") + ".");
        } else if (!r.failed().isEmpty() && r.failed().size() == r.clouds().size()) {
            out.println("Nothing written: no cloud answered.");
        } else if (!live) {
            out.println("Not written: emulated prices never go into the cache " + cache.directory()
                    + "; pass --output FILE to keep them, or --live to refresh the cache from the clouds.");
        }
        out.flush();
    }

    private static void printJson(CatalogRefresh.Result r, Path written, PrintWriter out) {
        Map<String, Object> doc = new LinkedHashMap<>();
        List<Object> clouds = new ArrayList<>();
        for (CatalogRefresh.CloudResult c : r.clouds()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("cloud", c.cloud());
            m.put("status", c.status().name().toLowerCase(Locale.ROOT));
            m.put("regions", List.copyOf(c.regions()));
            m.put("points", c.points());
            m.put("rowsAdded", c.rowsAdded());
            m.put("rowsUpdated", c.rowsUpdated());
            m.put("requests", c.requests());
            m.put("problems", c.problems());
            m.put("elapsedMillis", c.elapsed().toMillis());
            m.put("error", c.error());
            clouds.add(m);
        }
        doc.put("fetchedAt", r.fetchedAt().toString());
        doc.put("clouds", clouds);
        List<Object> unknown = new ArrayList<>();
        r.unknownShapes().forEach(u -> unknown.add(Map.of("cloud", u.cloud(), "platform", u.platform(),
                "instanceType", u.instanceType(), "regions", List.copyOf(u.regions()))));
        doc.put("unknownShapes", unknown);
        doc.put("skipped", r.skipped());
        doc.put("rows", r.catalog().offers().size());
        doc.put("written", written == null ? null : written.toString());
        out.println(Json.write(doc));
        out.flush();
    }

    /** {@code on-demand}, {@code spot}, {@code committed-1y}, {@code committed-3y}, in any case, {@code _} or {@code -}. */
    static final class PricingConverter implements CommandLine.ITypeConverter<PricingModel> {
        @Override
        public PricingModel convert(String value) {
            String v = value.strip().toUpperCase(Locale.ROOT).replace('-', '_');
            for (PricingModel m : PricingModel.values()) {
                if (m.name().equals(v)) return m;
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not a pricing model; use on-demand, spot,"
                    + " committed-1y or committed-3y");
        }
    }
}
