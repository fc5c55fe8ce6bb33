package dev.cloudai.accelerator;

import dev.cloudai.internal.util.Arguments;

import java.util.List;
import java.util.Objects;

/**
 * Why {@link AcceleratorCatalog#select} returned what it did: for each constraint that was set, how many offers
 * fail it, how many offers are left, and the nearest misses with their reasons.
 *
 * <pre>{@code
 * if (catalog.select(req).isEmpty()) System.out.println(catalog.explain(req));
 * // 230 offers considered, 0 left
 * //   accelerator memory >= 80 GiB per device: removes 190
 * //   ...
 * // nearest misses:
 * //   aws/sagemaker/us-east-1/ml.p4d.24xlarge: A100-40GB 40 GiB < 80 GiB asked
 * }</pre>
 *
 * <p>{@code notes} say what the counts cannot: that no offer of the catalog has a price of the pricing model asked
 * (committed prices come with a refreshed catalog), or, when ranking by cost per million tokens, which offers left
 * have no throughput figure and so rank after those with one.
 *
 * @param offersConsidered how many offers the catalog has
 * @param constraints each constraint that was set, in the order applied, with how many offers fail it
 * @param offersLeft how many offers meet every constraint
 * @param nearestMisses the offers that fail the fewest constraints, each with why, cheapest first
 * @param notes remarks on the prices and the ranking, one sentence each; empty when there is nothing to add
 */
public record Explanation(int offersConsidered, List<ConstraintReport> constraints, int offersLeft,
                          List<String> nearestMisses, List<String> notes) {

    public Explanation {
        constraints = Arguments.listOf(constraints, "constraints");
        nearestMisses = Arguments.listOf(nearestMisses, "nearestMisses");
        notes = Arguments.listOf(notes, "notes");
    }

    /** An explanation without notes. */
    public Explanation(int offersConsidered, List<ConstraintReport> constraints, int offersLeft, List<String> nearestMisses) {
        this(offersConsidered, constraints, offersLeft, nearestMisses, List.of());
    }

    /**
     * One constraint's effect.
     *
     * @param constraint the constraint as a phrase, for example {@code accelerator memory >= 80 GiB per device}
     * @param removed how many offers fail it, counted on its own (an offer may fail several)
     */
    public record ConstraintReport(String constraint, int removed) {
        public ConstraintReport {
            if (constraint == null || constraint.isBlank()) throw new IllegalArgumentException("constraint: must not be blank");
            if (removed < 0) throw new IllegalArgumentException("removed: must not be negative, was " + removed);
        }
    }

    /** The report as text, one line per constraint and per miss. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder().append(offersConsidered).append(" offers considered, ")
                .append(offersLeft).append(" left\n");
        for (ConstraintReport c : constraints) {
            sb.append("  ").append(c.constraint()).append(": removes ").append(c.removed()).append('\n');
        }
        if (!nearestMisses.isEmpty()) {
            sb.append("nearest misses:\n");
            nearestMisses.forEach(m -> sb.append("  ").append(m).append('\n'));
        }
        if (!notes.isEmpty()) {
            sb.append("notes:\n");
            notes.forEach(n -> sb.append("  ").append(n).append('\n'));
        }
        return sb.toString();
    }
}
