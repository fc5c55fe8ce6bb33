package dev.cloudai.accelerator;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Instance offers with accelerators across AWS, Google Cloud and Azure, and the selection over them. Immutable
 * and thread-safe.
 *
 * <pre>{@code
 * List<Offer> ranked = AcceleratorCatalog.builtIn().select(AcceleratorRequirement.builder()
 *         .workload(Workload.INFERENCE).minAcceleratorMemoryGib(24).build());
 * }</pre>
 */
public final class AcceleratorCatalog {
    private final List<Offer> offers;

    private AcceleratorCatalog(List<Offer> offers) {
        this.offers = List.copyOf(offers);
    }

    /** A catalog of exactly these offers. */
    public static AcceleratorCatalog of(List<Offer> offers) {
        return new AcceleratorCatalog(Objects.requireNonNull(offers, "offers"));
    }

    /** The catalog shipped with the SDK, with cited public prices. */
    public static AcceleratorCatalog builtIn() {
        throw new UnsupportedOperationException("The built-in accelerator catalog is not in this build yet"
                + " (issue #3); use AcceleratorCatalog.of(offers) meanwhile");
    }

    /** A catalog read from a CSV file in the catalog format. */
    public static AcceleratorCatalog fromCsv(Path file) {
        throw new UnsupportedOperationException("Reading a catalog CSV is not in this build yet (issue #3): " + file);
    }

    /** Every offer, in catalog order. */
    public List<Offer> offers() {
        return offers;
    }

    /** The offers that meet every constraint, cheapest first. */
    public List<Offer> select(AcceleratorRequirement requirement) {
        throw new UnsupportedOperationException("Accelerator selection is not in this build yet (issue #3): " + requirement);
    }

    /** Why {@link #select} returns what it returns: per constraint, how many offers it removed, and the nearest misses. */
    public String explain(AcceleratorRequirement requirement) {
        throw new UnsupportedOperationException("Accelerator selection is not in this build yet (issue #3): " + requirement);
    }
}
