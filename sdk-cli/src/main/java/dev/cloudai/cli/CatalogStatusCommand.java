package dev.cloudai.cli;

import dev.cloudai.CloudAiConfig;
import dev.cloudai.accelerator.AcceleratorCatalog;
import dev.cloudai.accelerator.CatalogCache;
import dev.cloudai.accelerator.CatalogOrigin;
import dev.cloudai.accelerator.Offer;
import dev.cloudai.accelerator.PricingModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/**
 * {@code cloudai catalog status}: which accelerator catalog the tool and {@code CloudAi.accelerators()} use (the home
 * cache or the built-in snapshot), where it is, how old, whether it is stale, and its rows per cloud.
 */
@Command(name = "status", description = {
        "Say which accelerator catalog is used: the cache 'cloudai catalog refresh' wrote, or the built-in snapshot;"
                + " where it is, how old, whether it is stale, and its rows per cloud."},
        footerHeading = "%nExamples:%n",
        footer = {"  cloudai catalog status", "  cloudai catalog status --format json"})
final class CatalogStatusCommand implements Callable<Integer> {

    @ParentCommand
    CatalogCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "The cache directory. Default: cloudai.catalog.cache-dir, else ~/.cloudai/catalog.")
    Path cacheDir;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", description = "table or json. Default: ${DEFAULT-VALUE}.")
    Format format;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ConnectionOptions connection = parent.root.connection;
        CloudAiConfig config = CloudAiConfig.load();
        CatalogCache cache = cacheDir != null ? CatalogCache.at(cacheDir).withRefreshInterval(config.catalogCache().refreshInterval())
                : config.catalogCache();
        CatalogCache.Status status = cache.status();
        AcceleratorCatalog used = status.catalog().orElseGet(cache::catalog);
        Path file = connection.live ? config.catalogFile().orElse(null) : null;
        if (file != null) used = used.withOverrides(AcceleratorCatalog.fromCsv(file));
        Map<String, int[]> rows = rowsPerCloud(used);

        if (format == Format.JSON) {
            Map<String, Object> doc = new LinkedHashMap<>();
            CatalogOrigin o = used.origin();
            doc.put("used", o.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            doc.put("origin", o.toString());
            doc.put("cacheFile", status.csvFile().toString());
            doc.put("cacheState", status.state().name().toLowerCase(java.util.Locale.ROOT));
            doc.put("fetchedAt", status.metadata().filter(m -> status.usable()).map(m -> m.fetchedAt().toString()));
            doc.put("ageSeconds", status.age().map(java.time.Duration::getSeconds));
            doc.put("stale", status.stale());
            doc.put("refreshIntervalSeconds", cache.refreshInterval().getSeconds());
            doc.put("notes", status.notes());
            doc.put("catalogFile", file == null ? null : file.toString());
            List<Object> clouds = new ArrayList<>();
            rows.forEach((cloud, n) -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("cloud", cloud);
                m.put("rows", n[0]);
                m.put("onDemandPriced", n[1]);
                m.put("spotPriced", n[2]);
                m.put("committedPriced", n[3]);
                m.put("regions", n[4]);
                clouds.add(m);
            });
            doc.put("clouds", clouds);
            out.println(Json.write(doc));
            out.flush();
            return ExitCodes.OK;
        }
        out.println("Catalog used: " + (status.usable() ? "the cache " + status.csvFile() : "the built-in snapshot"));
        out.println("Cache:        " + status.csvFile() + ": " + describe(status));
        out.println("Refresh every " + CatalogOrigin.describeAge(cache.refreshInterval()) + " (cloudai.catalog.refresh-interval).");
        if (file != null) out.println("Catalog file: " + file + " (cloudai.catalog.file), its rows on top");
        for (String note : status.notes()) out.println("  - " + note);
        if (status.state() == CatalogCache.State.ABSENT) {
            out.println("No cache yet: run 'cloudai catalog refresh --live' to fetch current prices from the clouds.");
        } else if (status.stale()) {
            out.println("The cache is stale: run 'cloudai catalog refresh --live'.");
        }
        out.println();
        Table t = new Table("cloud", ">rows", ">on-demand priced", ">spot priced", ">committed priced", ">regions");
        rows.forEach((cloud, n) -> t.row(cloud, n[0], n[1], n[2], n[3], n[4]));
        t.print(out);
        out.flush();
        return ExitCodes.OK;
    }

    private static String describe(CatalogCache.Status s) {
        return switch (s.state()) {
            case ABSENT -> "none";
            case IGNORED -> "ignored (see below); the built-in snapshot is used";
            case VALID, EDITED -> (s.state() == CatalogCache.State.EDITED ? "edited by hand, " : "valid, ")
                    + "fetched " + s.metadata().orElseThrow().fetchedAt() + " ("
                    + CatalogOrigin.describeAge(s.age().orElseThrow()) + " old)" + (s.stale() ? ", stale" : ", fresh");
        };
    }

    /** Per cloud: rows, rows with an on-demand, a spot and a committed price, and regions. */
    static Map<String, int[]> rowsPerCloud(AcceleratorCatalog catalog) {
        Map<String, int[]> out = new TreeMap<>();
        Map<String, Set<String>> regions = new TreeMap<>();
        for (Offer o : catalog.offers()) {
            int[] n = out.computeIfAbsent(o.cloud(), k -> new int[5]);
            n[0]++;
            if (o.price(PricingModel.ON_DEMAND).isPresent()) n[1]++;
            if (o.price(PricingModel.SPOT).isPresent()) n[2]++;
            if (o.price(PricingModel.COMMITTED_1Y).isPresent() || o.price(PricingModel.COMMITTED_3Y).isPresent()) n[3]++;
            regions.computeIfAbsent(o.cloud(), k -> new TreeSet<>()).add(o.region());
        }
        out.forEach((cloud, n) -> n[4] = regions.get(cloud).size());
        return out;
    }
}
