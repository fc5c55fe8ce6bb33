package dev.cloudai;

import dev.cloudai.accelerator.AcceleratorCatalog;
import dev.cloudai.accelerator.CatalogCache;
import dev.cloudai.accelerator.Offer;
import dev.cloudai.accelerator.PricingModel;
import dev.cloudai.config.ConfigurationException;
import dev.cloudai.internal.ProviderRegistry;
import dev.cloudai.internal.refresh.PriceMerge;
import dev.cloudai.internal.refresh.SourceRunner;
import dev.cloudai.internal.util.Arguments;
import dev.cloudai.spi.PriceQuery;
import dev.cloudai.spi.PriceSheet;
import dev.cloudai.spi.PriceSource;
import dev.cloudai.spi.ProviderConfig;
import dev.cloudai.spi.ProviderFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Refreshes the accelerator catalog's prices from the clouds' own price APIs (the AWS Price List, Google's Cloud
 * Billing Catalog, Azure's Retail Prices): what {@code cloudai catalog refresh} runs. Each adapter on the class path
 * whose factory has a {@link PriceSource} is asked, all at once, with the same configuration keys as its provider
 * (so an endpoint override points it at an emulator); the prices are merged into a base catalog's rows.
 *
 * <pre>{@code
 * CatalogRefresh.Result r = CatalogRefresh.builder(CloudAiConfig.load())
 *         .clouds("aws", "gcp")                          // default: every adapter with a price source
 *         .models(PricingModel.ON_DEMAND, PricingModel.SPOT)
 *         .cache(CatalogCache.atDefaultLocation())       // also write ~/.cloudai/catalog, which AcceleratorCatalog.current() prefers
 *         .build().run();
 * r.clouds().forEach(System.out::println);              // aws: complete, 412 points, 3 rows added, 58 updated, 9 requests...
 * List<Offer> ranked = r.catalog().select(requirement);
 * }</pre>
 *
 * <p>The merge: for each base shape (cloud, platform, instance type) and each region with a price, a row with the
 * base's hardware facts and the fetched prices, its notes the price sources and the date. Base rows no source
 * priced stay as they were; so do every row of a cloud whose source failed entirely (reported with its error).
 * Prices for an instance type the base has no hardware facts for are listed in
 * {@link Result#unknownShapes()}, not added. A run takes as many requests as the APIs' pages need, so it belongs in
 * a command or a scheduled job, not on a request path.
 */
public final class CatalogRefresh {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);
    private final CloudAiConfig config;
    private final Set<String> clouds;
    private final Set<String> regions;
    private final Map<String, Set<String>> regionsByCloud;
    private final AcceleratorCatalog base;
    private final Set<PricingModel> models;
    private final Clock clock;
    private final Map<String, PriceSource> sources;
    private final CatalogCache cache;
    private final boolean force;
    private final List<ProviderFactory> factories;
    private final Duration timeout;

    private CatalogRefresh(Builder b) {
        this.config = b.config;
        this.clouds = Collections.unmodifiableSet(new LinkedHashSet<>(b.clouds));
        this.regions = Collections.unmodifiableSet(new TreeSet<>(b.regions));
        this.regionsByCloud = Map.copyOf(b.regionsByCloud);
        this.base = b.base;
        this.models = Collections.unmodifiableSet(EnumSet.copyOf(b.models));
        this.clock = b.clock;
        this.sources = Collections.unmodifiableMap(new LinkedHashMap<>(b.sources));
        this.cache = b.cache;
        this.force = b.force;
        this.factories = b.factories;
        this.timeout = b.timeout;
    }

    /** A refresh whose price sources are made from {@code config}: each cloud's keys, as for its provider. */
    public static Builder builder(CloudAiConfig config) {
        return new Builder(Objects.requireNonNull(config, "config"));
    }

    /**
     * Asks every cloud's price source and merges what they return. A cloud that fails entirely is reported in its
     * {@link CloudResult} with the error, and its rows stay as in the base; a cloud's partial failures are its
     * problems. With a {@link Builder#cache cache}, the result is written there when at least one cloud answered.
     *
     * @throws ConfigurationException when no cloud asked for has a price source on the class path
     * @throws IllegalArgumentException when {@link Builder#clouds} names a cloud no adapter on the class path has
     * @throws CatalogCache.LocalEditException before any request, when the cache was edited by hand and not forced
     */
    public Result run() {
        Instant fetchedAt = clock.instant();
        AcceleratorCatalog start = base != null ? base : AcceleratorCatalog.builtIn();
        Optional<CatalogCache.Metadata> previous = Optional.empty();
        if (cache != null) {
            cache.checkWritable(force);
            CatalogCache.Status status = cache.status();
            // Clouds this run does not price (not asked, or failing) keep the prices the last refresh fetched.
            if (status.state() == CatalogCache.State.VALID && status.catalog().isPresent()) {
                start = start.withOverrides(status.catalog().get());
                previous = status.metadata();
            }
        }
        List<CloudResult> results = new ArrayList<>();
        Map<String, PriceSource> chosen = new LinkedHashMap<>();
        List<PriceSource> toClose = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        try {
            if (!sources.isEmpty()) {
                sources.forEach((cloud, s) -> {
                    if (clouds.isEmpty() || clouds.contains(cloud)) chosen.put(cloud, s);
                });
                for (String c : clouds) {
                    if (!sources.containsKey(c)) {
                        throw new IllegalArgumentException("clouds: no price source given for '" + c + "'; the sources"
                                + " given are for " + String.join(", ", sources.keySet()));
                    }
                }
            } else {
                discover(chosen, toClose, results, skipped);
            }
            Map<String, PriceQuery> queries = new HashMap<>();
            LocalDate today = LocalDate.ofInstant(fetchedAt, ZoneOffset.UTC);
            for (String cloud : chosen.keySet()) queries.put(cloud, query(start, cloud, today));
            List<SourceRunner.Outcome> outcomes = SourceRunner.fetchAll(new ArrayList<>(chosen.values()), queries, clock, timeout);

            List<PriceMerge.Fetched> fetched = new ArrayList<>();
            for (SourceRunner.Outcome o : outcomes) {
                o.sheet().ifPresent(sheet -> fetched.add(new PriceMerge.Fetched(o.cloud(), sheet.points())));
            }
            PriceMerge.Merged merged = PriceMerge.merge(start.offers(), fetched, today);
            Map<String, PriceMerge.CloudMerge> mergeOf = new HashMap<>();
            merged.byCloud().forEach(m -> mergeOf.put(m.cloud(), m));
            for (SourceRunner.Outcome o : outcomes) {
                Set<String> asked = queries.get(o.cloud()).regions();
                if (o.sheet().isEmpty()) {
                    results.add(CloudResult.failed(o.cloud(), asked, o.error().orElseThrow(), o.elapsed()));
                    continue;
                }
                PriceSheet sheet = o.sheet().get();
                PriceMerge.CloudMerge m = mergeOf.get(o.cloud());
                List<String> problems = new ArrayList<>(sheet.problems());
                problems.addAll(m.problems());
                List<UnknownShape> unknown = m.unknownShapes().stream()
                        .map(u -> new UnknownShape(u.cloud(), u.platform(), u.instanceType(), u.regions())).toList();
                results.add(new CloudResult(o.cloud(), problems.isEmpty() ? Status.COMPLETE : Status.PARTIAL, asked,
                        m.points(), m.rowsAdded(), m.rowsUpdated(), sheet.requests(), problems, o.elapsed(),
                        Optional.empty(), unknown));
            }
            results.sort((a, b) -> a.cloud().compareTo(b.cloud()));
            AcceleratorCatalog refreshed = AcceleratorCatalog.of(merged.offers(), start.accelerators());
            Optional<Path> written = cache == null ? Optional.empty() : write(refreshed, results, previous, fetchedAt);
            return new Result(refreshed, fetchedAt, results, skipped, written);
        } finally {
            for (PriceSource s : toClose) {
                try {
                    s.close();
                } catch (RuntimeException ignored) {
                    // closing a client that failed is best effort; the result already says what failed
                }
            }
        }
    }

    /** The price sources of the adapters on the class path, made from the configuration; what cannot be made is reported. */
    private void discover(Map<String, PriceSource> chosen, List<PriceSource> toClose, List<CloudResult> results,
                          List<String> skipped) {
        List<ProviderFactory> found = new ArrayList<>(factories != null ? factories : ProviderRegistry.discover(contextLoader()));
        found.sort((a, b) -> a.id().compareTo(b.id()));
        Map<String, ProviderFactory> byId = new LinkedHashMap<>();
        found.forEach(f -> byId.putIfAbsent(f.id(), f));
        for (String c : clouds) {
            if (!byId.containsKey(c)) {
                throw new IllegalArgumentException("clouds: no adapter for '" + c + "' on the class path"
                        + ProviderRegistry.shippedArtifact(c).map(a -> "; add the dependency " + a).orElse("")
                        + " (adapters found: " + (byId.isEmpty() ? "none" : String.join(", ", byId.keySet())) + ")");
            }
        }
        for (ProviderFactory f : byId.values()) {
            String id = f.id();
            if (!clouds.isEmpty() && !clouds.contains(id)) continue;
            Optional<PriceSource> source;
            try {
                source = Objects.requireNonNull(f.priceSource(ProviderConfig.of(id, config.providerProperties(id), f.keys())),
                        () -> f.getClass().getName() + ".priceSource returned null");
            } catch (RuntimeException | LinkageError e) {
                String why = e instanceof ConfigurationException c ? String.join("; ", c.problems()) : String.valueOf(e.getMessage());
                results.add(CloudResult.failed(id, Set.of(), "its price source could not be made: " + why, Duration.ZERO));
                continue;
            }
            if (source.isEmpty()) {
                if (clouds.contains(id)) {
                    throw new ConfigurationException("clouds: the adapter for '" + id + "' (" + f.getClass().getName()
                            + ") has no price source; use a version of it that has one");
                }
                skipped.add(id);
                continue;
            }
            PriceSource s = source.get();
            toClose.add(s);
            if (!id.equals(s.cloud())) {
                results.add(CloudResult.failed(id, Set.of(), "its price source says it prices '" + s.cloud()
                        + "', not '" + id + "'", Duration.ZERO));
                continue;
            }
            chosen.put(id, s);
        }
        if (chosen.isEmpty() && results.isEmpty()) {
            throw new ConfigurationException("No adapter on the class path has a price source"
                    + (skipped.isEmpty() ? "" : " (adapters without one: " + String.join(", ", skipped) + ")")
                    + "; add dev.cloudai:sdk-aws, sdk-gcp or sdk-azure in a version that has one");
        }
    }

    /** What a cloud's source is asked: one base row per shape of that cloud, and its regions. */
    private PriceQuery query(AcceleratorCatalog start, String cloud, LocalDate today) {
        Map<String, Offer> shapes = new LinkedHashMap<>();
        Set<String> baseRegions = new TreeSet<>();
        for (Offer o : start.offers()) {
            if (!o.cloud().equalsIgnoreCase(cloud)) continue;
            shapes.putIfAbsent((o.platform() + "/" + o.instanceType()).toLowerCase(Locale.ROOT), o);
            baseRegions.add(o.region());
        }
        Set<String> asked = regionsByCloud.containsKey(cloud) ? regionsByCloud.get(cloud)
                : !regions.isEmpty() ? regions : baseRegions;
        return new PriceQuery(new ArrayList<>(shapes.values()), asked, models, today);
    }

    /** Writes the cache when some cloud answered, keeping the last refresh's record of the clouds that did not. */
    private Optional<Path> write(AcceleratorCatalog refreshed, List<CloudResult> results,
                                 Optional<CatalogCache.Metadata> previous, Instant fetchedAt) {
        Map<String, Instant> when = new TreeMap<>();
        Map<String, Set<String>> where = new TreeMap<>();
        previous.ifPresent(m -> {
            when.putAll(m.cloudsFetchedAt());
            where.putAll(m.regions());
        });
        boolean answered = false;
        for (CloudResult r : results) {
            if (r.status() == Status.FAILED) continue;
            answered = true;
            when.put(r.cloud(), fetchedAt);
            where.put(r.cloud(), r.regions());
        }
        if (!answered) return Optional.empty();   // nothing new: writing would only make old prices look fresh
        return Optional.of(cache.write(refreshed, when, where, force));
    }

    private static ClassLoader contextLoader() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return cl != null ? cl : CatalogRefresh.class.getClassLoader();
    }

    @Override
    public String toString() {
        return "CatalogRefresh[clouds=" + (clouds.isEmpty() ? "every adapter with a price source" : clouds)
                + ", models=" + models + (cache != null ? ", cache=" + cache.directory() : "") + "]";
    }

    /**
     * How a cloud's refresh went.
     *
     * <pre>{@code
     * if (result.cloud("aws").status() == CatalogRefresh.Status.FAILED) ...
     * }</pre>
     */
    public enum Status {
        /** Every price asked was fetched (or the API does not publish it, which is no problem). */
        COMPLETE,
        /** Prices were fetched, but some part failed or conflicted: see the problems. */
        PARTIAL,
        /** Nothing was fetched: see the error; the cloud's rows stay as in the base. */
        FAILED
    }

    /**
     * A shape a source priced that the base catalog has no hardware facts for: not added, since a row needs the
     * accelerator, its count and memory, which no price API gives. Add the shape to a catalog file to have it priced.
     *
     * <pre>{@code
     * result.unknownShapes().forEach(u -> System.out.println(u.platform() + " " + u.instanceType() + " " + u.regions()));
     * }</pre>
     *
     * @param cloud        the cloud
     * @param platform     the platform of the prices
     * @param instanceType the instance type
     * @param regions      the regions it was priced in, sorted
     */
    public record UnknownShape(String cloud, String platform, String instanceType, Set<String> regions) {
        public UnknownShape {
            Arguments.requireText(cloud, "cloud");
            Arguments.requireText(platform, "platform");
            Arguments.requireText(instanceType, "instanceType");
            regions = Collections.unmodifiableSortedSet(new TreeSet<>(Arguments.listOf(regions, "regions")));
        }
    }

    /**
     * One cloud's part of a refresh.
     *
     * <pre>{@code
     * for (CatalogRefresh.CloudResult c : result.clouds()) System.out.println(c);   // aws: complete, 412 points, ...
     * }</pre>
     *
     * @param cloud         the cloud
     * @param status        complete, partial or failed
     * @param regions       the regions asked
     * @param points        the prices received
     * @param rowsAdded     rows added, for regions the base lacked
     * @param rowsUpdated   base rows that got fetched prices
     * @param requests      the requests the source made, retries and pages included
     * @param problems      what failed in part or conflicted, one sentence each
     * @param elapsed       how long the source took
     * @param error         why nothing was fetched, for a failed cloud
     * @param unknownShapes priced shapes without hardware facts, not added
     */
    public record CloudResult(String cloud, Status status, Set<String> regions, int points, int rowsAdded,
                              int rowsUpdated, int requests, List<String> problems, Duration elapsed,
                              Optional<String> error, List<UnknownShape> unknownShapes) {
        public CloudResult {
            Arguments.requireText(cloud, "cloud");
            Objects.requireNonNull(status, "status");
            regions = Collections.unmodifiableSortedSet(new TreeSet<>(Arguments.listOf(regions, "regions")));
            problems = Arguments.listOf(problems, "problems");
            Objects.requireNonNull(elapsed, "elapsed");
            Objects.requireNonNull(error, "error");
            if ((status == Status.FAILED) != error.isPresent()) {
                throw new IllegalArgumentException("error: present exactly when the status is FAILED, was " + status + " and " + error);
            }
            unknownShapes = Arguments.listOf(unknownShapes, "unknownShapes");
        }

        static CloudResult failed(String cloud, Set<String> regions, String error, Duration elapsed) {
            return new CloudResult(cloud, Status.FAILED, regions, 0, 0, 0, 0, List.of(), elapsed, Optional.of(error), List.of());
        }

        /** {@code aws: complete, 412 points, 3 rows added, 58 updated, 9 requests, 4.2 s}, or the error. */
        @Override
        public String toString() {
            if (status == Status.FAILED) return cloud + ": failed, " + error.orElseThrow();
            return cloud + ": " + status.name().toLowerCase(Locale.ROOT) + ", " + points + " points, " + rowsAdded
                    + " rows added, " + rowsUpdated + " updated, " + requests + " requests, "
                    + String.format(Locale.ROOT, "%.1f s", elapsed.toMillis() / 1000.0)
                    + (problems.isEmpty() ? "" : ", " + problems.size() + (problems.size() == 1 ? " problem" : " problems"));
        }
    }

    /**
     * What a refresh did.
     *
     * <pre>{@code
     * Files.writeString(Path.of("catalog.csv"), result.csv());
     * if (!result.complete()) result.clouds().forEach(c -> System.err.println(c + " " + c.problems()));
     * }</pre>
     *
     * @param catalog   the refreshed catalog: the base's rows with the fetched prices, and the rows added
     * @param fetchedAt when the refresh started, by its clock
     * @param clouds    one result per cloud asked, by cloud id
     * @param skipped   adapters on the class path that have no price source, skipped
     * @param written   the cache's CSV, when the refresh wrote one
     */
    public record Result(AcceleratorCatalog catalog, Instant fetchedAt, List<CloudResult> clouds, List<String> skipped,
                         Optional<Path> written) {
        public Result {
            Objects.requireNonNull(catalog, "catalog");
            Objects.requireNonNull(fetchedAt, "fetchedAt");
            clouds = Arguments.listOf(clouds, "clouds");
            skipped = Arguments.listOf(skipped, "skipped");
            Objects.requireNonNull(written, "written");
        }

        /** The refreshed catalog in the catalog CSV format, committed-price columns included when there are any. */
        public String csv() {
            return catalog.toCsv();
        }

        /** The result of {@code cloud}. */
        public Optional<CloudResult> cloud(String cloud) {
            Objects.requireNonNull(cloud, "cloud");
            return clouds.stream().filter(c -> c.cloud().equals(cloud)).findFirst();
        }

        /** Whether every cloud asked answered without a problem. */
        public boolean complete() {
            return clouds.stream().allMatch(c -> c.status() == Status.COMPLETE);
        }

        /** The clouds that failed entirely. */
        public List<String> failed() {
            return clouds.stream().filter(c -> c.status() == Status.FAILED).map(CloudResult::cloud).toList();
        }

        /** Every cloud's priced shapes that the base has no hardware facts for. */
        public List<UnknownShape> unknownShapes() {
            return clouds.stream().flatMap(c -> c.unknownShapes().stream()).toList();
        }
    }

    /**
     * Sets up a {@link CatalogRefresh}. Every part has a default: every adapter with a price source, the base
     * catalog's regions, every pricing model, the built-in catalog as base, the system clock, no cache.
     *
     * <pre>{@code
     * CatalogRefresh.builder(config).clouds("azure").regions("eastus", "westeurope").build().run();
     * }</pre>
     */
    public static final class Builder {
        private final CloudAiConfig config;
        private final Set<String> clouds = new LinkedHashSet<>();
        private final Set<String> regions = new TreeSet<>();
        private final Map<String, Set<String>> regionsByCloud = new HashMap<>();
        private AcceleratorCatalog base;
        private Set<PricingModel> models = EnumSet.allOf(PricingModel.class);
        private Clock clock = Clock.systemUTC();
        private final Map<String, PriceSource> sources = new LinkedHashMap<>();
        private CatalogCache cache;
        private boolean force;
        private List<ProviderFactory> factories;
        private Duration timeout = DEFAULT_TIMEOUT;

        private Builder(CloudAiConfig config) {
            this.config = config;
        }

        /** Only these clouds ({@code aws}, {@code gcp}, {@code azure}); default: every adapter with a price source. */
        public Builder clouds(String... clouds) {
            this.clouds.clear();
            for (String c : Arguments.listOf("clouds", clouds)) this.clouds.add(Arguments.requireText(c, "clouds").strip().toLowerCase(Locale.ROOT));
            return this;
        }

        /**
         * The regions to price, for every cloud (a source finds nothing for another cloud's names); default: the
         * regions the base catalog has for each cloud. Naming a region the base lacks adds rows there for every
         * shape the cloud prices in it.
         */
        public Builder regions(String... regions) {
            this.regions.clear();
            for (String r : Arguments.listOf("regions", regions)) this.regions.add(Arguments.requireText(r, "regions").strip());
            return this;
        }

        /** The regions to price for one cloud, over {@link #regions(String...)} for it. */
        public Builder regionsOf(String cloud, Collection<String> regions) {
            String c = Arguments.requireText(cloud, "cloud").strip().toLowerCase(Locale.ROOT);
            Set<String> set = new TreeSet<>();
            for (String r : Arguments.listOf(regions, "regions")) set.add(Arguments.requireText(r, "regions").strip());
            if (set.isEmpty()) throw new IllegalArgumentException("regions: name at least one region of " + c);
            regionsByCloud.put(c, Collections.unmodifiableSet(set));
            return this;
        }

        /** The catalog whose shapes are priced and whose rows are kept when not priced; default: the built-in one. */
        public Builder base(AcceleratorCatalog base) {
            this.base = Objects.requireNonNull(base, "base");
            return this;
        }

        /** The pricing models to fetch; default: all four. */
        public Builder models(PricingModel... models) {
            List<PricingModel> list = Arguments.listOf("models", models);
            if (list.isEmpty()) throw new IllegalArgumentException("models: name at least one pricing model");
            this.models = EnumSet.copyOf(list);
            return this;
        }

        /** The clock that dates the prices and times the sources; default: the system's, in UTC. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * These sources instead of the adapters' on the class path: a price sheet of your own, or a test's fake.
         * The caller closes them. One per cloud.
         */
        public Builder sources(PriceSource... sources) {
            this.sources.clear();
            for (PriceSource s : Arguments.listOf("sources", sources)) {
                String cloud = Arguments.requireText(s.cloud(), "sources: cloud()").strip().toLowerCase(Locale.ROOT);
                if (this.sources.putIfAbsent(cloud, s) != null) {
                    throw new IllegalArgumentException("sources: two sources for cloud '" + cloud + "'; give one per cloud");
                }
            }
            return this;
        }

        /**
         * Also writes the result to {@code cache}, which {@link AcceleratorCatalog#current()} then prefers. The clouds
         * this refresh does not price keep the rows the cache had. A cache edited by hand is never overwritten: the
         * run fails before any request, unless {@link #force(boolean)}.
         */
        public Builder cache(CatalogCache cache) {
            this.cache = Objects.requireNonNull(cache, "cache");
            return this;
        }

        /** Whether to overwrite a cache edited by hand (or not written by this SDK); default false. */
        public Builder force(boolean force) {
            this.force = force;
            return this;
        }

        /**
         * The longest the sources may take, all together; a source still fetching then fails its cloud (its rows
         * stay). Default: 30 minutes, for APIs of many pages.
         */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout: must be positive, was " + timeout);
            this.timeout = timeout;
            return this;
        }

        /** The factories to find price sources in, instead of the class path's; for tests. */
        Builder factories(List<ProviderFactory> factories) {
            this.factories = List.copyOf(factories);
            return this;
        }

        public CatalogRefresh build() {
            return new CatalogRefresh(this);
        }
    }
}
