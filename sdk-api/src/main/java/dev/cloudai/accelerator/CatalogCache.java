package dev.cloudai.accelerator;

import dev.cloudai.config.ConfigKeys;
import dev.cloudai.internal.util.Arguments;
import dev.cloudai.internal.util.Durations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The refreshed accelerator catalog kept under the user's home, SkyPilot style: {@code catalog.csv} in the catalog
 * format, beside {@code catalog.properties} with the schema version, when each cloud's prices were fetched, the
 * regions, and the SHA-256 of the CSV as written. {@code cloudai catalog refresh} writes it;
 * {@link AcceleratorCatalog#current()} and {@code CloudAi.accelerators()} prefer it over the built-in snapshot.
 *
 * <pre>{@code
 * CatalogCache cache = CatalogCache.atDefaultLocation();     // cloudai.catalog.cache-dir, else ~/.cloudai/catalog
 * CatalogCache.Status status = cache.status();
 * System.out.println(status);                                // "valid, fetched 2026-12-02T09:00:00Z (3 days old)"
 * AcceleratorCatalog catalog = cache.catalog();              // the cache when usable, else the built-in snapshot
 * }</pre>
 *
 * <p>Rules: a cache older than its refresh interval ({@code cloudai.catalog.refresh-interval}, default 7 days) is
 * still used, but reported stale. A CSV edited by hand (its hash no longer the recorded one) is used as it is and
 * never overwritten: {@link #write} refuses unless forced. A cache of an unknown or newer schema version, without
 * its metadata, or whose content does not read is ignored with a warning naming the file and the reason, and the
 * built-in snapshot is used; it never fails the application. Immutable and thread-safe; every method reads the files
 * anew.
 */
public final class CatalogCache {
    /** The version of the cache layout and CSV format this SDK writes and reads. */
    public static final int SCHEMA_VERSION = 1;
    /** The catalog's file name in the cache directory. */
    public static final String CSV_FILE = "catalog.csv";
    /** The metadata's file name in the cache directory. */
    public static final String METADATA_FILE = "catalog.properties";
    /** {@code cloudai.catalog.refresh-interval}'s default. */
    public static final Duration DEFAULT_REFRESH_INTERVAL = ConfigKeys.find(ConfigKeys.CATALOG_REFRESH_INTERVAL)
            .flatMap(ConfigKeys.Key::defaultValue).flatMap(Durations::parse).orElseThrow();

    private static final Logger LOG = LoggerFactory.getLogger(CatalogCache.class);
    /** Warnings already logged, so an application that asks for the catalog often warns once per cause. */
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private final Path directory;
    private final Duration refreshInterval;
    private final Clock clock;

    private CatalogCache(Path directory, Duration refreshInterval, Clock clock) {
        this.directory = Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(refreshInterval, "refreshInterval");
        if (refreshInterval.isNegative() || refreshInterval.isZero()) {
            throw new IllegalArgumentException("refreshInterval: must be positive, was " + refreshInterval);
        }
        this.refreshInterval = refreshInterval;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The cache in {@code directory}, with the default refresh interval. */
    public static CatalogCache at(Path directory) {
        return new CatalogCache(Objects.requireNonNull(directory, "directory"), DEFAULT_REFRESH_INTERVAL, Clock.systemUTC());
    }

    /**
     * The cache the settings name, each unset one falling back as in {@link #atDefaultLocation()}: what
     * {@code CloudAi.accelerators()} uses with {@code cloudai.catalog.cache-dir} and
     * {@code cloudai.catalog.refresh-interval}. A directory of {@code ~} or starting {@code ~/} is under the user's home.
     */
    public static CatalogCache configured(Optional<String> directory, Optional<Duration> refreshInterval) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(refreshInterval, "refreshInterval");
        return new CatalogCache(directory.map(CatalogCache::expandHome).orElseGet(CatalogCache::defaultDirectory),
                refreshInterval.orElseGet(CatalogCache::defaultRefreshInterval), Clock.systemUTC());
    }

    /**
     * The cache where {@code cloudai.catalog.cache-dir} says, read from the system property, then the environment
     * variable {@code CLOUDAI_CATALOG_CACHE_DIR}, else {@code ~/.cloudai/catalog}; its refresh interval from
     * {@code cloudai.catalog.refresh-interval} the same way, else 7 days. ({@code cloudai.properties} is read by
     * {@code CloudAiConfig}; {@code CloudAi.accelerators()} honours it there.)
     */
    public static CatalogCache atDefaultLocation() {
        return new CatalogCache(defaultDirectory(), defaultRefreshInterval(), Clock.systemUTC());
    }

    /** The directory {@link #atDefaultLocation()} uses. */
    public static Path defaultDirectory() {
        return setting(ConfigKeys.CATALOG_CACHE_DIR).map(CatalogCache::expandHome)
                .orElseGet(() -> Path.of(System.getProperty("user.home"), ".cloudai", "catalog"));
    }

    /** This cache, reported stale once older than {@code interval}. */
    public CatalogCache withRefreshInterval(Duration interval) {
        return new CatalogCache(directory, Objects.requireNonNull(interval, "interval"), clock);
    }

    /** This cache, telling ages by {@code clock} (tests). */
    public CatalogCache withClock(Clock clock) {
        return new CatalogCache(directory, refreshInterval, clock);
    }

    /** The directory. */
    public Path directory() {
        return directory;
    }

    /** {@code catalog.csv} in the directory. */
    public Path csvFile() {
        return directory.resolve(CSV_FILE);
    }

    /** {@code catalog.properties} in the directory. */
    public Path metadataFile() {
        return directory.resolve(METADATA_FILE);
    }

    /** How old the cache may get before it is reported stale. */
    public Duration refreshInterval() {
        return refreshInterval;
    }

    /** What the directory holds now, checked: the state, the metadata, the age, and the catalog when usable. Never throws for what it finds. */
    public Status status() {
        Path csv = csvFile();
        if (!Files.exists(csv)) {
            return new Status(State.ABSENT, csv, Optional.empty(), Optional.empty(), false, List.of(), Optional.empty());
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(csv);
        } catch (IOException | UncheckedIOException e) {
            return ignored(csv, Optional.empty(), "it cannot be read (" + e + ")");
        }
        Metadata meta;
        try {
            meta = readMetadata();
        } catch (NoSuchFileException e) {
            return ignored(csv, Optional.empty(), "it has no " + METADATA_FILE + " beside it, so it is no cache a refresh wrote");
        } catch (IOException | RuntimeException e) {
            return ignored(csv, Optional.empty(), METADATA_FILE + " does not read: " + e.getMessage());
        }
        if (meta.schemaVersion() != SCHEMA_VERSION) {
            return ignored(csv, Optional.of(meta), "its schema version " + meta.schemaVersion() + " is "
                    + (meta.schemaVersion() > SCHEMA_VERSION ? "newer than" : "unknown to") + " this SDK's ("
                    + SCHEMA_VERSION + "); refresh it with this version, or use an SDK that reads it");
        }
        AcceleratorCatalog catalog;
        try {
            catalog = AcceleratorCatalog.of(CatalogCsv.readOffers(new ByteArrayInputStream(bytes), csv.toString()));
        } catch (RuntimeException e) {
            return ignored(csv, Optional.of(meta), "its content does not read: " + e.getMessage());
        }
        boolean edited = !sha256(bytes).equals(meta.sha256());
        Duration age = Duration.between(meta.fetchedAt(), clock.instant());
        if (age.isNegative()) age = Duration.ZERO;
        List<String> notes = new ArrayList<>();
        if (edited) {
            notes.add("edited by hand since it was written (used as it is; a refresh will not overwrite it without --force)");
        }
        boolean stale = false;
        if (age.compareTo(refreshInterval) > 0) {
            stale = true;
            notes.add("older than the refresh interval of " + CatalogOrigin.describeAge(refreshInterval)
                    + " (" + ConfigKeys.CATALOG_REFRESH_INTERVAL + "); run: cloudai catalog refresh");
        }
        if (!meta.snapshotSha256().equals(BuiltInSnapshot.SHA256)) {
            stale = true;
            notes.add("written from another built-in snapshot than this SDK's, whose offers may be newer; run: cloudai catalog refresh");
        }
        CatalogOrigin origin = new CatalogOrigin(CatalogOrigin.Kind.CACHE, Optional.of(csv), Optional.of(meta.fetchedAt()),
                Optional.of(age), stale, notes);
        return new Status(edited ? State.EDITED : State.VALID, csv, Optional.of(meta), Optional.of(age), stale, notes,
                Optional.of(catalog.withOrigin(origin)));
    }

    /**
     * The cache's catalog when it is usable (valid, stale or edited), else the built-in snapshot, whose
     * {@link AcceleratorCatalog#origin()} then notes why the cache was ignored (also logged once as a warning).
     */
    public AcceleratorCatalog catalog() {
        Status s = status();
        if (s.catalog().isPresent()) return s.catalog().get();
        AcceleratorCatalog builtIn = AcceleratorCatalog.builtIn();
        if (s.state() != State.IGNORED) return builtIn;
        String why = s.notes().get(0);
        if (WARNED.add(why)) LOG.warn("{}; the built-in catalog snapshot is used", why);
        return builtIn.withOrigin(builtIn.origin().withNote(why));
    }

    /**
     * Writes {@code catalog} as the cache, replacing the one there, and returns the CSV's path. Both files are
     * written beside their final names and moved into place, the CSV first.
     *
     * @param fetchedAt when each cloud's prices were fetched, by cloud; the cache's age is that of the oldest
     * @param regions   the regions priced, by cloud
     * @param force     whether to overwrite a cache that {@link #checkWritable(boolean) may not be overwritten}
     * @throws LocalEditException   when the cache was edited by hand, or is not one this SDK wrote, and not forced
     * @throws UncheckedIOException when a file cannot be written
     */
    public Path write(AcceleratorCatalog catalog, Map<String, Instant> fetchedAt, Map<String, Set<String>> regions,
                      boolean force) {
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(fetchedAt, "fetchedAt");
        Objects.requireNonNull(regions, "regions");
        if (fetchedAt.isEmpty()) throw new IllegalArgumentException("fetchedAt: name at least one cloud's fetch time");
        checkWritable(force);
        byte[] csv = catalog.toCsv().getBytes(StandardCharsets.UTF_8);
        Map<String, Set<String>> sortedRegions = new TreeMap<>();
        regions.forEach((cloud, rs) -> sortedRegions.put(cloud, new TreeSet<>(rs)));
        Metadata meta = new Metadata(SCHEMA_VERSION, Collections.min(fetchedAt.values()), new TreeMap<>(fetchedAt),
                sortedRegions, sha256(csv), BuiltInSnapshot.SHA256, catalog.offers().size());
        try {
            Files.createDirectories(directory);
            Path csvTemp = Files.createTempFile(directory, CSV_FILE, ".tmp");
            Path metaTemp = Files.createTempFile(directory, METADATA_FILE, ".tmp");
            try {
                Files.write(csvTemp, csv);
                Files.writeString(metaTemp, meta.toProperties(), StandardCharsets.UTF_8);
                move(csvTemp, csvFile());
                move(metaTemp, metadataFile());
            } finally {
                Files.deleteIfExists(csvTemp);
                Files.deleteIfExists(metaTemp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the catalog cache in " + directory + ": " + e.getMessage(), e);
        }
        return csvFile();
    }

    /**
     * Checks that {@link #write} may replace what the directory holds: nothing, or a CSV this SDK wrote and nobody
     * edited since. A refresh calls it before fetching, so it fails before spending requests.
     *
     * @throws LocalEditException naming the file, why, and how to go on ({@code --force} or deleting it)
     */
    public void checkWritable(boolean force) {
        if (force || !Files.exists(csvFile())) return;
        String why;
        try {
            Metadata meta = readMetadata();
            if (meta.schemaVersion() > SCHEMA_VERSION) {
                why = "was written by a newer SDK (schema version " + meta.schemaVersion() + ")";
            } else if (!sha256(Files.readAllBytes(csvFile())).equals(meta.sha256())) {
                why = "was edited by hand since it was written (its SHA-256 is no longer the one " + METADATA_FILE + " records)";
            } else {
                return;
            }
        } catch (NoSuchFileException e) {
            why = "has no " + METADATA_FILE + " beside it, so it may be a file of yours";
        } catch (IOException | RuntimeException e) {
            why = "has a " + METADATA_FILE + " that does not read (" + e.getMessage() + "), so it may have been edited";
        }
        throw new LocalEditException("The catalog cache " + csvFile() + " " + why + "; a refresh never overwrites a local"
                + " edit. Refresh with --force (force(true) in code) to overwrite it, delete it, or write elsewhere with --output FILE");
    }

    /** The metadata file, parsed. */
    private Metadata readMetadata() throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(metadataFile(), StandardCharsets.UTF_8)));
        return Metadata.fromProperties(p);
    }

    private Status ignored(Path csv, Optional<Metadata> meta, String reason) {
        String why = "The catalog cache " + csv + " was ignored: " + reason;
        return new Status(State.IGNORED, csv, meta, Optional.empty(), false, List.of(why), Optional.empty());
    }

    @Override
    public String toString() {
        return "CatalogCache[" + directory + ", refresh every " + CatalogOrigin.describeAge(refreshInterval) + "]";
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static Duration defaultRefreshInterval() {
        return setting(ConfigKeys.CATALOG_REFRESH_INTERVAL).map(v -> Durations.parse(v).filter(d -> !d.isZero())
                        .orElseGet(() -> {
                            String why = ConfigKeys.CATALOG_REFRESH_INTERVAL + ": '" + v + "' is not a duration; the default "
                                    + CatalogOrigin.describeAge(DEFAULT_REFRESH_INTERVAL) + " is used";
                            if (WARNED.add(why)) LOG.warn(why);
                            return DEFAULT_REFRESH_INTERVAL;
                        }))
                .orElse(DEFAULT_REFRESH_INTERVAL);
    }

    /** A key's value from the system property, then the environment variable; blank counts as unset. */
    private static Optional<String> setting(String key) {
        String v = System.getProperty(key);
        if (v == null || v.isBlank()) v = System.getenv(ConfigKeys.toEnvironmentVariable(key));
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    private static Path expandHome(String value) {
        String v = Objects.requireNonNull(value, "directory").strip();
        try {
            if (v.equals("~")) return Path.of(System.getProperty("user.home"));
            if (v.startsWith("~/")) return Path.of(System.getProperty("user.home"), v.substring(2));
            return Path.of(v);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(ConfigKeys.CATALOG_CACHE_DIR + ": '" + v + "' is not a valid path: " + e.getReason(), e);
        }
    }

    /**
     * What a cache directory holds.
     *
     * <pre>{@code
     * switch (cache.status().state()) { case ABSENT -> ...; case VALID, EDITED -> ...; case IGNORED -> ...; }
     * }</pre>
     */
    public enum State {
        /** No {@code catalog.csv}: the built-in snapshot is used. */
        ABSENT,
        /** A cache a refresh wrote, unchanged since; used (perhaps stale). */
        VALID,
        /** A cache a refresh wrote and someone edited since; used as it is, never overwritten without force. */
        EDITED,
        /** A CSV that is not usable (see the notes): the built-in snapshot is used. */
        IGNORED
    }

    /**
     * What {@link #status()} found.
     *
     * <pre>{@code
     * CatalogCache.Status s = CatalogCache.atDefaultLocation().status();
     * if (s.stale()) System.err.println(s.notes());
     * }</pre>
     *
     * @param state    which of the four
     * @param csvFile  the CSV the state is about
     * @param metadata the metadata, when it reads
     * @param age      how old the fetched prices are (the oldest cloud's), for a usable cache
     * @param stale    whether a usable cache is older than the refresh interval, or from another built-in snapshot
     * @param notes    one sentence per thing to know: why it was ignored, that it was edited, why it is stale
     * @param catalog  the cache's catalog, for a usable cache
     */
    public record Status(State state, Path csvFile, Optional<Metadata> metadata, Optional<Duration> age, boolean stale,
                         List<String> notes, Optional<AcceleratorCatalog> catalog) {
        public Status {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(csvFile, "csvFile");
            Objects.requireNonNull(metadata, "metadata");
            Objects.requireNonNull(age, "age");
            notes = Arguments.listOf(notes, "notes");
            Objects.requireNonNull(catalog, "catalog");
        }

        /** Whether the cache's catalog is the one used (rather than the built-in snapshot). */
        public boolean usable() {
            return catalog.isPresent();
        }

        /** For people: {@code valid, fetched 2026-12-02T09:00:00Z (3 days old), stale; ...}. */
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(state.name().toLowerCase(java.util.Locale.ROOT));
            metadata.filter(m -> usable()).ifPresent(m -> sb.append(", fetched ").append(m.fetchedAt()));
            age.ifPresent(a -> sb.append(" (").append(CatalogOrigin.describeAge(a)).append(" old)"));
            if (stale) sb.append(", stale");
            notes.forEach(n -> sb.append("; ").append(n));
            return sb.toString();
        }
    }

    /**
     * The cache's {@code catalog.properties}.
     *
     * <pre>{@code
     * cache.status().metadata().ifPresent(m -> System.out.println(m.regions()));   // {aws=[us-east-1, us-west-2], ...}
     * }</pre>
     *
     * @param schemaVersion   the layout and format version ({@link #SCHEMA_VERSION} when this SDK wrote it)
     * @param fetchedAt       when the oldest cloud's prices were fetched
     * @param cloudsFetchedAt when each cloud's prices were fetched
     * @param regions         the regions priced, by cloud
     * @param sha256          the SHA-256 of {@code catalog.csv} as written, in hex
     * @param snapshotSha256  the SHA-256 of the built-in snapshot of the SDK that wrote it, to tell when a newer SDK has
     *                        newer built-in offers
     * @param rows            the CSV's rows
     */
    public record Metadata(int schemaVersion, Instant fetchedAt, Map<String, Instant> cloudsFetchedAt,
                           Map<String, Set<String>> regions, String sha256, String snapshotSha256, int rows) {
        public Metadata {
            Objects.requireNonNull(fetchedAt, "fetchedAt");
            cloudsFetchedAt = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(cloudsFetchedAt, "cloudsFetchedAt")));
            Map<String, Set<String>> copy = new TreeMap<>();
            Objects.requireNonNull(regions, "regions").forEach((c, rs) -> copy.put(c, Collections.unmodifiableSet(new TreeSet<>(rs))));
            regions = Collections.unmodifiableMap(copy);
            Arguments.requireText(sha256, "sha256");
            Arguments.requireText(snapshotSha256, "snapshotSha256");
        }

        /** The clouds the cache holds fetched prices of. */
        public Set<String> clouds() {
            return cloudsFetchedAt.keySet();
        }

        String toProperties() {
            StringBuilder sb = new StringBuilder();
            sb.append("# Written by a catalog refresh (cloudai catalog refresh). The CSV beside it may be edited: a refresh\n")
                    .append("# then refuses to overwrite it unless forced. This file is not meant to be edited.\n");
            sb.append("schema-version=").append(schemaVersion).append('\n');
            sb.append("fetched-at=").append(fetchedAt).append('\n');
            sb.append("clouds=").append(String.join(",", cloudsFetchedAt.keySet())).append('\n');
            cloudsFetchedAt.forEach((c, t) -> sb.append("fetched-at.").append(c).append('=').append(t).append('\n'));
            regions.forEach((c, rs) -> sb.append("regions.").append(c).append('=').append(String.join(",", rs)).append('\n'));
            sb.append("rows=").append(rows).append('\n');
            sb.append("sha256=").append(sha256).append('\n');
            sb.append("snapshot-sha256=").append(snapshotSha256).append('\n');
            return sb.toString();
        }

        static Metadata fromProperties(Properties p) {
            String version = required(p, "schema-version");
            int schema;
            try {
                schema = Integer.parseInt(version);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("schema-version: '" + version + "' is not a whole number");
            }
            if (schema != SCHEMA_VERSION) {
                // Whatever else a newer layout holds, the version alone decides that this SDK does not read it.
                return new Metadata(schema, Instant.EPOCH, Map.of(), Map.of(), "-", "-", 0);
            }
            Map<String, Instant> fetched = new TreeMap<>();
            Map<String, Set<String>> regions = new TreeMap<>();
            for (String cloud : list(required(p, "clouds"))) {
                fetched.put(cloud, instant(p, "fetched-at." + cloud));
                regions.put(cloud, new LinkedHashSet<>(list(p.getProperty("regions." + cloud, ""))));
            }
            int rows;
            try {
                rows = Integer.parseInt(required(p, "rows"));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("rows: '" + p.getProperty("rows") + "' is not a whole number");
            }
            return new Metadata(schema, instant(p, "fetched-at"), fetched, regions, required(p, "sha256"),
                    required(p, "snapshot-sha256"), rows);
        }

        private static String required(Properties p, String key) {
            String v = p.getProperty(key);
            if (v == null || v.isBlank()) throw new IllegalArgumentException(key + ": missing");
            return v.strip();
        }

        private static Instant instant(Properties p, String key) {
            String v = required(p, key);
            try {
                return Instant.parse(v);
            } catch (DateTimeException e) {
                throw new IllegalArgumentException(key + ": '" + v + "' is not an ISO-8601 instant");
            }
        }

        private static List<String> list(String value) {
            return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        }
    }

    /**
     * Thrown when a write would overwrite a cache edited by hand (or one this SDK did not write); the message names
     * the file and the ways on.
     *
     * <pre>{@code
     * try { cache.write(catalog, fetchedAt, regions, false); } catch (CatalogCache.LocalEditException e) { ... }
     * }</pre>
     */
    public static final class LocalEditException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        LocalEditException(String message) {
            super(message);
        }
    }

    /** The SHA-256 of this SDK's built-in snapshot as a cache would be written from it, computed on first use. */
    private static final class BuiltInSnapshot {
        static final String SHA256 = sha256(AcceleratorCatalog.builtIn().toCsv().getBytes(StandardCharsets.UTF_8));
    }
}
