package dev.cloudai.internal.refresh;

import dev.cloudai.accelerator.Offer;
import dev.cloudai.accelerator.PricingModel;
import dev.cloudai.internal.util.Arguments;
import dev.cloudai.spi.PricePoint;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Merges the prices the clouds' price sources fetched into a base catalog's rows. A pure function of its inputs.
 *
 * <pre>{@code
 * PriceMerge.Merged m = PriceMerge.merge(base.offers(), List.of(new PriceMerge.Fetched("aws", sheet.points())), today);
 * AcceleratorCatalog refreshed = AcceleratorCatalog.of(m.offers());
 * }</pre>
 *
 * <p>The rules: the base supplies the hardware facts of each shape (cloud, platform, instance type; its first row
 * when several regions have it). A point for a region the base has a row for updates that row: each fetched
 * pricing model's price is set, the others keep theirs, and the notes become the points' sources and the date
 * (followed by the old notes when an old price stays, so every figure keeps its citation). A point for a region the
 * base lacks adds a row with the shape's hardware and only the fetched prices, right after the shape's last row.
 * Rows no point prices stay as they are, so nothing is ever lost; points for a shape the base lacks are listed, not
 * added, since a row needs hardware facts no price API gives. Keys match in any letter case. Not API.
 */
public final class PriceMerge {

    private PriceMerge() {
    }

    /**
     * The points one cloud's source returned.
     *
     * @param cloud  the cloud, as in the catalog's cloud column
     * @param points the points, in the source's order (the first of two differing prices for one cell wins)
     */
    public record Fetched(String cloud, List<PricePoint> points) {
        public Fetched {
            Arguments.requireText(cloud, "cloud");
            points = Arguments.listOf(points, "points");
        }
    }

    /**
     * A shape a source priced that the base has no hardware facts for.
     *
     * @param cloud        the cloud
     * @param platform     the platform of the points
     * @param instanceType the instance type
     * @param regions      the regions it was priced in, sorted
     */
    public record UnknownShape(String cloud, String platform, String instanceType, Set<String> regions) {
        public UnknownShape {
            regions = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(regions));
        }
    }

    /**
     * What the merge did for one cloud.
     *
     * @param cloud         the cloud
     * @param points        the points received
     * @param rowsAdded     rows added for regions the base lacked
     * @param rowsUpdated   base rows that got fetched prices (their notes and date renewed even when a price is unchanged)
     * @param unknownShapes priced shapes without hardware facts, not added
     * @param problems      conflicts found in the points (two prices for one cell), one sentence each
     */
    public record CloudMerge(String cloud, int points, int rowsAdded, int rowsUpdated, List<UnknownShape> unknownShapes,
                             List<String> problems) {
        public CloudMerge {
            unknownShapes = List.copyOf(unknownShapes);
            problems = List.copyOf(problems);
        }
    }

    /**
     * The merged rows, and per cloud what happened.
     *
     * @param offers  the base rows, updated in place, with the added rows after their shape's last row
     * @param byCloud one entry per {@link Fetched}, in the order given
     */
    public record Merged(List<Offer> offers, List<CloudMerge> byCloud) {
        public Merged {
            offers = List.copyOf(offers);
            byCloud = List.copyOf(byCloud);
        }
    }

    /** Merges {@code fetched} into {@code base}; {@code today} is the date written in each priced row's notes. */
    public static Merged merge(List<Offer> base, List<Fetched> fetched, LocalDate today) {
        List<Offer> rows = new ArrayList<>(Arguments.listOf(base, "base"));
        Arguments.listOf(fetched, "fetched");
        Objects.requireNonNull(today, "today");
        Map<String, Integer> rowIndex = new HashMap<>();
        Map<String, Offer> shapes = new HashMap<>();
        Map<String, Integer> lastRowOfShape = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            Offer o = rows.get(i);
            rowIndex.putIfAbsent(rowKey(o.cloud(), o.platform(), o.region(), o.instanceType()), i);
            shapes.putIfAbsent(shapeKey(o.cloud(), o.platform(), o.instanceType()), o);
            lastRowOfShape.put(shapeKey(o.cloud(), o.platform(), o.instanceType()), i);
        }
        // Added rows wait here, by the index of the base row they follow, and go in at the end so indexes hold.
        Map<Integer, List<Offer>> addedAfter = new TreeMap<>();
        List<CloudMerge> byCloud = new ArrayList<>();
        for (Fetched f : fetched) {
            List<String> problems = new ArrayList<>();
            // platform NUL instance type -> regions: sorted, so the report reads the same every run
            Map<String, Set<String>> unknown = new TreeMap<>();
            int added = 0;
            int updated = 0;
            for (Cell cell : cells(f, problems)) {
                PricePoint first = cell.points.values().iterator().next();
                String shape = shapeKey(f.cloud(), first.platform(), first.instanceType());
                Offer facts = shapes.get(shape);
                if (facts == null) {
                    unknown.computeIfAbsent(first.platform() + "\u0000" + first.instanceType(), k -> new TreeSet<>())
                            .add(first.region());
                    continue;
                }
                Integer at = rowIndex.get(rowKey(f.cloud(), first.platform(), first.region(), first.instanceType()));
                if (at != null) {
                    rows.set(at, priced(rows.get(at), cell.points, today, true));
                    updated++;
                } else {
                    Offer fresh = withoutPrices(facts.inRegion(first.region()));
                    addedAfter.computeIfAbsent(lastRowOfShape.get(shape), k -> new ArrayList<>())
                            .add(priced(fresh, cell.points, today, false));
                    added++;
                }
            }
            List<UnknownShape> shapesWithoutFacts = new ArrayList<>();
            unknown.forEach((k, v) -> {
                int sep = k.indexOf('\u0000');
                shapesWithoutFacts.add(new UnknownShape(f.cloud(), k.substring(0, sep), k.substring(sep + 1), v));
            });
            byCloud.add(new CloudMerge(f.cloud(), f.points().size(), added, updated, shapesWithoutFacts, problems));
        }
        List<Offer> out = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            out.add(rows.get(i));
            List<Offer> after = addedAfter.get(i);
            if (after != null) {
                after.sort((a, b) -> a.region().compareToIgnoreCase(b.region()));
                out.addAll(after);
            }
        }
        return new Merged(out, byCloud);
    }

    /** The prices of one row to be: a region's instance type, one point per pricing model. */
    private record Cell(Map<PricingModel, PricePoint> points) {
    }

    /** The points grouped by row, in the order first seen; a second point for a cell is a problem when it differs. */
    private static List<Cell> cells(Fetched f, List<String> problems) {
        Map<String, Cell> cells = new LinkedHashMap<>();
        for (PricePoint p : f.points()) {
            Cell cell = cells.computeIfAbsent(rowKey(f.cloud(), p.platform(), p.region(), p.instanceType()),
                    k -> new Cell(new EnumMap<>(PricingModel.class)));
            PricePoint kept = cell.points.putIfAbsent(p.model(), p);
            if (kept != null && kept.usdPerHour() != p.usdPerHour()) {
                problems.add(p.platform() + " " + p.instanceType() + " in " + p.region() + ", " + p.model().label()
                        + ": two prices, " + kept.usdPerHour() + " (" + kept.source() + ") and " + p.usdPerHour()
                        + " (" + p.source() + "); the first is kept");
            }
        }
        return new ArrayList<>(cells.values());
    }

    /**
     * {@code row} with the cell's prices, and notes that cite them: the sources and the date, then, when
     * {@code keepOldNotes} and a price the cell does not set stays, the old notes that cite it.
     */
    private static Offer priced(Offer row, Map<PricingModel, PricePoint> points, LocalDate today, boolean keepOldNotes) {
        Set<String> sources = new LinkedHashSet<>();
        points.values().forEach(p -> sources.add(p.source()));
        String notes = String.join("; ", sources) + " (fetched " + today + ")";
        boolean oldPriceStays = false;
        for (PricingModel m : PricingModel.values()) {
            if (!points.containsKey(m) && row.price(m).isPresent()) oldPriceStays = true;
        }
        if (keepOldNotes && oldPriceStays && !row.notes().isBlank()) notes += "; other prices as before: " + row.notes();
        Offer out = row;
        for (Map.Entry<PricingModel, PricePoint> e : points.entrySet()) {
            out = out.withPrice(e.getKey(), OptionalDouble.of(e.getValue().usdPerHour()), notes);
        }
        return out;
    }

    private static Offer withoutPrices(Offer o) {
        Offer out = o;
        for (PricingModel m : PricingModel.values()) out = out.withPrice(m, OptionalDouble.empty(), "");
        return out;
    }

    private static String shapeKey(String cloud, String platform, String instanceType) {
        return (cloud + "/" + platform + "/" + instanceType).toLowerCase(Locale.ROOT);
    }

    private static String rowKey(String cloud, String platform, String region, String instanceType) {
        return (cloud + "/" + platform + "/" + region + "/" + instanceType).toLowerCase(Locale.ROOT);
    }
}
