package dev.cloudai.accelerator;

import dev.cloudai.internal.util.Arguments;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Instance offers with accelerators across AWS, Google Cloud and Azure, and the selection over them. Immutable
 * and thread-safe; {@link #select} is a pure in-memory filter and sort.
 *
 * <pre>{@code
 * AcceleratorCatalog catalog = AcceleratorCatalog.builtIn();
 * List<Offer> ranked = catalog.select(AcceleratorRequirement.builder()
 *         .workload(Workload.INFERENCE).platforms("sagemaker").accelerators("inf2").build());
 * if (ranked.isEmpty()) System.out.println(catalog.explain(requirement));
 * }</pre>
 *
 * <p>Selection rules: names and aliases match case-insensitively, with {@code _} and {@code -} alike, and a name
 * matches only itself and its aliases ({@code A100} is not {@code A100-80GB}); counts and sizes are minimums; counts
 * below one device are out unless {@code allowFractional(true)}; an empty figure never satisfies a constraint on
 * it; the price used is spot with {@code spot(true)}, else on-demand, and an offer without that price is out,
 * unless {@code allowUnpriced(true)} (then it ranks after every priced one) or no priced offer fits a requirement
 * with neither a budget nor spot (then the unpriced offers that fit are the answer, smallest first: the rule
 * {@link dev.cloudai.deployment.DeploymentPlanner} plans by too, and {@link #explain} says when it applied). A
 * model to serve needs its weights times 1.2 in total accelerator memory; a model to train needs 16 bytes per
 * parameter (Adam in mixed precision) times 1.2. Results are cheapest first; ties go to the smaller offer.
 *
 * <p>Where the offers came from, and how old they are, is {@link #origin()}: {@link #current()} prefers the home
 * cache a {@code cloudai catalog refresh} wrote ({@link CatalogCache}) over the built-in snapshot.
 */
public final class AcceleratorCatalog {
    private static final String OFFERS_RESOURCE = "catalog.csv";
    private static final String ACCELERATORS_RESOURCE = "accelerators.csv";

    private final List<Offer> offers;
    private final List<Accelerator> accelerators;
    private final Map<String, Accelerator> byAlias;
    /** Accelerator names the offers use that the reference table lacks, by normalized name; see {@link #select}. */
    private final Map<String, String> offerOnlyNames;
    private final List<Selection.Entry> entries;
    private final CatalogOrigin origin;

    /** The same offers and indexes, from another origin: no re-indexing. */
    private AcceleratorCatalog(AcceleratorCatalog same, CatalogOrigin origin) {
        this.offers = same.offers;
        this.accelerators = same.accelerators;
        this.byAlias = same.byAlias;
        this.offerOnlyNames = same.offerOnlyNames;
        this.entries = same.entries;
        this.origin = Objects.requireNonNull(origin, "origin");
    }

    private AcceleratorCatalog(List<Offer> offers, List<Accelerator> accelerators) {
        this.offers = List.copyOf(offers);
        Map<String, Integer> indexOf = new HashMap<>();
        for (int i = 0; i < this.offers.size(); i++) {
            Integer first = indexOf.putIfAbsent(this.offers.get(i).identity(), i);
            if (first != null) {
                throw new IllegalArgumentException("offers[" + i + "]: repeats offers[" + first + "], "
                        + this.offers.get(i).key() + "; a catalog has one offer per cloud, platform, region and instance type");
            }
        }
        this.accelerators = List.copyOf(accelerators);
        Map<String, Accelerator> index = new LinkedHashMap<>();
        for (Accelerator a : this.accelerators) {
            for (String name : concat(a.name(), a.aliases())) {
                Accelerator clash = index.putIfAbsent(Accelerator.normalize(name), a);
                if (clash != null && clash != a) {
                    throw new IllegalArgumentException("accelerators: the name or alias '" + name + "' belongs to both "
                            + clash.name() + " and " + a.name());
                }
            }
        }
        this.byAlias = Collections.unmodifiableMap(index);
        List<Selection.Entry> list = new ArrayList<>(this.offers.size());
        Map<String, String> unknown = new LinkedHashMap<>();
        for (Offer o : this.offers) {
            Accelerator a = byAlias.get(Accelerator.normalize(o.accelerator()));
            // A name only a catalog file uses (V100 in a user's rows) is its own canonical name, spelled as first seen,
            // so rows writing it "v100" and "V100" are one accelerator.
            String canonical = a != null ? a.name()
                    : unknown.computeIfAbsent(Accelerator.normalize(o.accelerator()), k -> o.accelerator());
            list.add(new Selection.Entry(o, canonical, a == null ? "" : a.vendor(),
                    o.region().toLowerCase(java.util.Locale.ROOT)));
        }
        this.offerOnlyNames = Collections.unmodifiableMap(unknown);
        this.entries = List.copyOf(list);
        this.origin = CatalogOrigin.code();
    }

    /** The catalog shipped with the SDK: offers with cited public prices, and the accelerator reference table. */
    public static AcceleratorCatalog builtIn() {
        return BuiltInCatalog.CATALOG;
    }

    /**
     * The catalog to use: the home cache a {@code cloudai catalog refresh} wrote when it is there and usable (see
     * {@link CatalogCache}; its location is {@code cloudai.catalog.cache-dir} as a system property or
     * {@code CLOUDAI_CATALOG_CACHE_DIR}, else {@code ~/.cloudai/catalog}), else the {@link #builtIn() built-in
     * snapshot}. {@link #origin()} says which, and how old. Never fails on a bad cache: it is ignored with a warning
     * in the log and in the origin's notes. Reads the cache anew on every call.
     *
     * <pre>{@code
     * AcceleratorCatalog catalog = AcceleratorCatalog.current();
     * System.out.println(catalog.origin());   // "cache /home/me/.cloudai/catalog/catalog.csv, fetched ... (2 days old)"
     * }</pre>
     */
    public static AcceleratorCatalog current() {
        return CatalogCache.atDefaultLocation().catalog();
    }

    /** A catalog of exactly these offers, with the built-in accelerator reference table for names and aliases. */
    public static AcceleratorCatalog of(List<Offer> offers) {
        return new AcceleratorCatalog(Arguments.listOf(offers, "offers"), BuiltInAccelerators.TABLE);
    }

    /** A catalog of these offers and this reference table of accelerator names, aliases and vendors. */
    public static AcceleratorCatalog of(List<Offer> offers, List<Accelerator> accelerators) {
        return new AcceleratorCatalog(Arguments.listOf(offers, "offers"), Arguments.listOf(accelerators, "accelerators"));
    }

    /**
     * A catalog read from a CSV file in the catalog format (the columns of the built-in {@code catalog.csv}), with the built-in reference table.
     *
     * @throws IllegalArgumentException for a malformed row, naming the file, the line and the column, or for a row
     *                                  that repeats another (same cloud, platform, region and instance type), naming
     *                                  both lines
     * @throws UncheckedIOException when the file cannot be read
     */
    public static AcceleratorCatalog fromCsv(Path file) {
        Objects.requireNonNull(file, "file");
        try (InputStream in = Files.newInputStream(file)) {
            return of(CatalogCsv.readOffers(in, file.toString())).withOrigin(CatalogOrigin.file(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the catalog file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * This catalog with {@code overrides} applied: an override row replaces the row with the same cloud, platform,
     * region and instance type (in any letter case) in place; the other override rows are added at the end. Rows
     * that repeat within {@code overrides} itself are refused when it is read ({@link #fromCsv}). The result keeps this
     * catalog's {@link #origin()}, noting the overrides' origin.
     */
    public AcceleratorCatalog withOverrides(AcceleratorCatalog overrides) {
        Objects.requireNonNull(overrides, "overrides");
        Map<String, Offer> merged = new LinkedHashMap<>();
        for (Offer o : offers) merged.put(o.identity(), o);
        for (Offer o : overrides.offers) merged.put(o.identity(), o);
        AcceleratorCatalog result = new AcceleratorCatalog(new ArrayList<>(merged.values()), accelerators);
        return result.withOrigin(origin.withNote("with the rows of " + overrides.origin + " on top"));
    }

    /** Where the offers came from and how old they are: the built-in snapshot, the home cache, a file, or code. */
    public CatalogOrigin origin() {
        return origin;
    }

    /** This catalog, said to come from {@code origin}. */
    AcceleratorCatalog withOrigin(CatalogOrigin origin) {
        return new AcceleratorCatalog(this, origin);
    }

    /**
     * The offers in the catalog CSV format, which {@link #fromCsv} reads back: the pinned header, plus the
     * committed-price columns when any offer has a committed price.
     */
    public String toCsv() {
        StringBuilder out = new StringBuilder(96 * (offers.size() + 1));
        try {
            CatalogCsv.writeOffers(offers, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // a StringBuilder does not throw
        }
        return out.toString();
    }

    /** Every offer, in catalog order. */
    public List<Offer> offers() {
        return offers;
    }

    /** The accelerator reference table. */
    public List<Accelerator> accelerators() {
        return accelerators;
    }

    /** The accelerator with this canonical name or alias, matched case-insensitively. */
    public Optional<Accelerator> accelerator(String nameOrAlias) {
        return Optional.ofNullable(byAlias.get(Accelerator.normalize(Objects.requireNonNull(nameOrAlias, "nameOrAlias"))));
    }

    /**
     * The offers that meet every constraint of the requirement, cheapest first, each with the reasons it was
     * chosen; empty when nothing fits (then {@link #explain} says why).
     *
     * <p>An accelerator name is known when the reference table has it as a name or alias, or when an offer of this
     * catalog uses it (a catalog file's V100 rows make {@code accelerators("V100")} selectable even without a
     * reference entry; such a name matches only itself, and no vendor filter claims it).
     *
     * @throws IllegalArgumentException when the requirement names an accelerator this catalog does not know
     */
    public List<Offer> select(AcceleratorRequirement requirement) {
        return new Selection(Objects.requireNonNull(requirement, "requirement"), byAlias, offerOnlyNames).select(entries);
    }

    /** Per constraint, how many offers it removes, and the nearest misses with the reason each missed. */
    public Explanation explain(AcceleratorRequirement requirement) {
        return new Selection(Objects.requireNonNull(requirement, "requirement"), byAlias, offerOnlyNames).explain(entries);
    }

    @Override
    public String toString() {
        return "AcceleratorCatalog[" + offers.size() + " offers, " + accelerators.size() + " accelerators, from the "
                + origin + "]";
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> out = new ArrayList<>(rest.size() + 1);
        out.add(first);
        out.addAll(rest);
        return out;
    }

    /** The reference table, loaded on first use; apart from the offers so that {@link #of} does not read them. */
    private static final class BuiltInAccelerators {
        static final List<Accelerator> TABLE = read(ACCELERATORS_RESOURCE, CatalogCsv::readAccelerators);
    }

    /** The built-in offers, loaded on first use. */
    private static final class BuiltInCatalog {
        static final AcceleratorCatalog CATALOG =
                new AcceleratorCatalog(read(OFFERS_RESOURCE, CatalogCsv::readOffers), BuiltInAccelerators.TABLE)
                        .withOrigin(CatalogOrigin.builtIn());
    }

    private static <T> List<T> read(String name, java.util.function.BiFunction<InputStream, String, List<T>> reader) {
        try (InputStream in = AcceleratorCatalog.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("The built-in catalog resource " + name + " is missing from sdk-api");
            return reader.apply(in, "built-in " + name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
