package dev.cloudai.accelerator;

import dev.cloudai.internal.util.Arguments;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where an {@link AcceleratorCatalog}'s offers came from, and how old they are: the built-in snapshot shipped with
 * the SDK, the home cache a {@code cloudai catalog refresh} wrote, a CSV file, or offers given in code.
 *
 * <pre>{@code
 * CatalogOrigin origin = AcceleratorCatalog.current().origin();
 * if (origin.stale()) System.err.println("The catalog is " + origin + "; run: cloudai catalog refresh");
 * }</pre>
 *
 * @param kind      which of the four it is
 * @param path      the file read, for the cache and a file
 * @param fetchedAt when the cloud price APIs were read, for the cache
 * @param age       how old the fetched prices were when the catalog was loaded, for the cache
 * @param stale     whether the cache is older than its refresh interval ({@code cloudai.catalog.refresh-interval}),
 *                  or was written from an older built-in snapshot than this SDK's; such a cache is still used
 * @param notes     what else to know, one sentence each: a cache that was ignored and why, a cache edited by hand,
 *                  a file whose rows were laid on top
 */
public record CatalogOrigin(Kind kind, Optional<Path> path, Optional<Instant> fetchedAt, Optional<Duration> age,
                            boolean stale, List<String> notes) {

    /**
     * The kinds of origin.
     *
     * <pre>{@code
     * if (catalog.origin().kind() == CatalogOrigin.Kind.BUILT_IN) System.out.println("using the SDK's snapshot");
     * }</pre>
     */
    public enum Kind {
        /** The snapshot shipped in sdk-api ({@link AcceleratorCatalog#builtIn()}). */
        BUILT_IN,
        /** The home cache a catalog refresh wrote ({@link CatalogCache}). */
        CACHE,
        /** A CSV file ({@link AcceleratorCatalog#fromCsv(Path)}). */
        FILE,
        /** Offers given in code ({@link AcceleratorCatalog#of(List)}), a refresh's result among them. */
        CODE
    }

    public CatalogOrigin {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(fetchedAt, "fetchedAt");
        Objects.requireNonNull(age, "age");
        notes = Arguments.listOf(notes, "notes");
    }

    static CatalogOrigin builtIn() {
        return new CatalogOrigin(Kind.BUILT_IN, Optional.empty(), Optional.empty(), Optional.empty(), false, List.of());
    }

    static CatalogOrigin file(Path file) {
        return new CatalogOrigin(Kind.FILE, Optional.of(file), Optional.empty(), Optional.empty(), false, List.of());
    }

    static CatalogOrigin code() {
        return new CatalogOrigin(Kind.CODE, Optional.empty(), Optional.empty(), Optional.empty(), false, List.of());
    }

    /** This origin with one more note. */
    CatalogOrigin withNote(String note) {
        List<String> more = new java.util.ArrayList<>(notes);
        more.add(note);
        return new CatalogOrigin(kind, path, fetchedAt, age, stale, more);
    }

    /**
     * For people: {@code built-in snapshot}, {@code cache /home/me/.cloudai/catalog/catalog.csv, fetched
     * 2026-12-02T09:00:00Z (3 days old)}, with {@code , stale} and the notes after it.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(switch (kind) {
            case BUILT_IN -> "built-in snapshot";
            case CACHE -> "cache";
            case FILE -> "file";
            case CODE -> "offers given in code";
        });
        path.ifPresent(p -> sb.append(' ').append(p));
        fetchedAt.ifPresent(t -> sb.append(", fetched ").append(t));
        age.ifPresent(a -> sb.append(" (").append(describeAge(a)).append(" old)"));
        if (stale) sb.append(", stale");
        for (String note : notes) sb.append("; ").append(note);
        return sb.toString();
    }

    /** {@code 3 days}, {@code 5 hours}, {@code 12 minutes}, {@code less than a minute}: an age for people. */
    public static String describeAge(Duration age) {
        Objects.requireNonNull(age, "age");
        long minutes = Math.max(0, age.toMinutes());
        if (minutes >= 2 * 24 * 60) return minutes / (24 * 60) + " days";
        if (minutes >= 2 * 60) return minutes / 60 + " hours";
        if (minutes >= 2) return minutes + " minutes";
        return minutes == 1 ? "1 minute" : "less than a minute";
    }
}
