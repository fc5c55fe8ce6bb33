package dev.cloudai.accelerator;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.RandomAccess;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * One selection: the constraints a requirement sets, each able to say why an offer fails it, and the ranking.
 * Built per call; the catalog's entries are shared and immutable.
 */
final class Selection {
    private static final double GIB = 1024.0 * 1024 * 1024;
    /** Headroom over the weights for the KV cache, activations and runtime buffers when serving. */
    static final double INFERENCE_OVERHEAD = 1.2;
    /**
     * Bytes per parameter to train with Adam in mixed precision: weights and gradients in 16 bits, FP32 master
     * weights and two FP32 optimizer moments (2 + 2 + 4 + 4 + 4), the accounting of the ZeRO paper.
     */
    static final double TRAINING_BYTES_PER_PARAMETER = 16.0;
    private static final int NEAREST_MISSES = 5;

    /** A catalog offer with its accelerator and region resolved once, when the catalog is built. */
    record Entry(Offer offer, String canonical, String vendor, String region) {
    }

    /**
     * One constraint: a phrase for reports, a cheap test, and the reason an entry fails it. The reason is built
     * only by {@link #explain}, so {@link #select} allocates nothing for the offers it rejects.
     */
    record Constraint(String description, Predicate<Entry> test, Function<Entry, String> why,
                      ToDoubleFunction<Entry> closeness) {
    }

    /**
     * A throughput figure that applies to this requirement's model, with its accelerator resolved to the canonical
     * name once (per-device figures) and its precedence: an instance type's figure beats its accelerator's, and a
     * model-specific figure beats one for any model.
     */
    private record Figure(ServingThroughput throughput, String canonical, int precedence) {
    }

    /**
     * An offer that fits, with the throughput figure that applies to it (or null), its cost per 1M tokens (or NaN) and
     * its price (or {@code Double.MAX_VALUE} when unpriced) and the sizes ties go by, computed once so that sorting
     * thousands compares numbers.
     */
    private record Ranked(Entry entry, ServingThroughput throughput, double costPerMillionTokens, double price,
                          double count, double totalMemoryGib, int vcpus) {
    }

    private final AcceleratorRequirement req;
    private final PricingModel pricing;
    private final List<Constraint> constraints = new ArrayList<>();
    /** The index of the "price published" constraint, or -1 when {@code allowUnpriced(true)} left it out. */
    private int pricePublished = -1;
    private final List<Figure> figures = new ArrayList<>();
    /** The per-instance figures that matched an offer while ranking: those need no scan of the catalog to be known. */
    private final Set<ServingThroughput> seen = new java.util.HashSet<>();

    Selection(AcceleratorRequirement req, Map<String, Accelerator> byAlias, Map<String, String> offerOnlyNames) {
        this.req = req;
        this.pricing = req.pricing();
        for (ServingThroughput t : req.throughput()) {
            if (!t.appliesTo(req.modelBillionsOfParameters(), req.modelPrecision())) continue;
            boolean device = t.per() == ServingThroughput.Per.DEVICE;
            String canonical = device ? resolve(Set.of(t.name()), byAlias, offerOnlyNames, "throughput").iterator().next() : null;
            Figure f = new Figure(t, canonical, (device ? 0 : 2) + (t.modelBillionsOfParameters().isPresent() ? 1 : 0));
            for (Figure other : figures) {
                boolean sameTarget = device ? canonical.equals(other.canonical())
                        : other.canonical() == null && other.throughput().name().equalsIgnoreCase(t.name());
                if (sameTarget && other.precedence() == f.precedence()) {
                    // two spellings of one accelerator (H100 and NVIDIA_H100_80GB): which one applies would be arbitrary
                    throw new IllegalArgumentException("throughput: " + other.throughput() + " and " + t + " are two figures for "
                            + (device ? canonical : "the instance type " + t.name()) + "; keep one");
                }
            }
            figures.add(f);
        }
        req.workload().ifPresent(w -> add("workload " + lower(w), e -> e.offer().workloads().contains(w),
                e -> "offered for " + e.offer().workloads().stream().map(Selection::lower).sorted()
                        .collect(Collectors.joining(" and ")) + " only"));
        if (!req.clouds().isEmpty()) {
            add("cloud in " + req.clouds(), e -> req.clouds().contains(e.offer().cloud()),
                    e -> "cloud " + e.offer().cloud() + " not in " + req.clouds());
        }
        if (!req.regions().isEmpty()) {
            add("region in " + req.regions(), e -> req.regions().contains(e.region()),
                    e -> "region " + e.offer().region() + " not in " + req.regions());
        }
        if (!req.platforms().isEmpty()) {
            add("platform in " + req.platforms(), e -> req.platforms().contains(e.offer().platform()),
                    e -> "platform " + e.offer().platform() + " not in " + req.platforms());
        }
        if (!req.accelerators().isEmpty()) {
            Set<String> wanted = resolve(req.accelerators(), byAlias, offerOnlyNames, "accelerators");
            add("accelerator in " + wanted, e -> wanted.contains(e.canonical()),
                    e -> e.canonical() + " is not one of " + wanted);
        }
        if (!req.vendors().isEmpty()) {
            add("vendor in " + req.vendors(), e -> req.vendors().contains(e.vendor()),
                    e -> e.canonical() + " is made by " + (e.vendor().isEmpty() ? "an unknown vendor" : e.vendor()));
        }
        if (!req.allowFractional()) {
            add("whole devices (allowFractional is off)", e -> e.offer().acceleratorCount() >= 1,
                    e -> fmt(e.offer().acceleratorCount()) + " of a " + e.canonical()
                            + " is a fraction; allowFractional(true) admits it");
        }
        req.minAcceleratorCount().ifPresent(min -> add("at least " + fmt(min) + " accelerators",
                e -> e.offer().acceleratorCount() >= min,
                e -> fmt(e.offer().acceleratorCount()) + " x " + e.canonical() + " < " + fmt(min) + " asked",
                e -> Math.min(1, e.offer().acceleratorCount() / min)));
        req.minAcceleratorMemoryGib().ifPresent(min -> add("accelerator memory >= " + fmt(min) + " GiB per device",
                e -> atLeast(e.offer().acceleratorMemoryGib(), min),
                e -> below(e.offer().acceleratorMemoryGib(), min, "memory per device", e.canonical() + " ", " GiB",
                        " GiB asked"), e -> ratio(e.offer().acceleratorMemoryGib(), min)));
        req.minTotalAcceleratorMemoryGib().ifPresent(min -> add("total accelerator memory >= " + fmt(min) + " GiB",
                e -> atLeast(e.offer().totalAcceleratorMemoryGib(), min),
                e -> below(e.offer().totalAcceleratorMemoryGib(), min, "memory per device",
                        fmt(e.offer().acceleratorCount()) + " x " + e.canonical() + " = ", " GiB total", " GiB asked"),
                e -> ratio(e.offer().totalAcceleratorMemoryGib(), min)));
        if (req.modelBillionsOfParameters().isPresent()) {
            double needed = neededGib(req);
            String model = fmt(req.modelBillionsOfParameters().getAsDouble()) + "B " + req.modelPrecision().orElseThrow();
            add(model + " model for " + lower(req.workload().orElseThrow()) + " needs " + fmt(needed) + " GiB",
                    e -> atLeast(e.offer().totalAcceleratorMemoryGib(), needed),
                    e -> below(e.offer().totalAcceleratorMemoryGib(), needed, "memory per device",
                            fmt(e.offer().acceleratorCount()) + " x " + e.canonical() + " = ", " GiB total",
                            " GiB a " + model + " model needs"),
                    e -> ratio(e.offer().totalAcceleratorMemoryGib(), needed));
        }
        req.minNetworkGbps().ifPresent(min -> add("network >= " + fmt(min) + " Gbps",
                e -> atLeast(e.offer().networkGbps(), min),
                e -> below(e.offer().networkGbps(), min, "network bandwidth", "network ", " Gbps", " Gbps asked"),
                e -> ratio(e.offer().networkGbps(), min)));
        PricingModel model = pricing;
        String priceKind = model.label();
        if (!req.allowUnpriced()) {
            pricePublished = constraints.size();
            add(priceKind + " price published", e -> e.offer().price(model).isPresent(),
                    e -> "no " + priceKind + " price is published for it");
        }
        req.maxPricePerHour().ifPresent(max -> add((model == PricingModel.ON_DEMAND ? "" : priceKind + " ")
                        + "price <= $" + money(max) + "/h",
                e -> e.offer().price(model).isEmpty() || e.offer().price(model).getAsDouble() <= max,
                e -> "$" + money(e.offer().price(model).getAsDouble()) + "/h > $" + money(max) + "/h budget",
                e -> e.offer().price(model).isEmpty() ? 0 : Math.min(1, max / e.offer().price(model).getAsDouble())));
    }

    /** GiB of accelerator memory a model needs: see {@link #INFERENCE_OVERHEAD} and {@link #TRAINING_BYTES_PER_PARAMETER}. */
    static double neededGib(AcceleratorRequirement req) {
        double billions = req.modelBillionsOfParameters().orElseThrow();
        Precision p = req.modelPrecision().orElseThrow();
        return req.workload().orElseThrow() == Workload.INFERENCE
                ? p.weightsGib(billions) * INFERENCE_OVERHEAD
                : billions * 1e9 * TRAINING_BYTES_PER_PARAMETER / GIB * INFERENCE_OVERHEAD;
    }

    /**
     * The unpriced-offer rule, the one {@code select}, {@code explain}, the CLI and the deployment planner share: an
     * offer without the price used is out, except that when no priced offer fits, the requirement sets no budget
     * and prices on-demand (not spot, not a commitment), the unpriced offers that meet every other constraint are the
     * answer, smallest first. The catalog may know hardware no public source prices (most Vertex AI prediction rows
     * today): a plan or a list on hardware alone beats "nothing fits". A budget cannot be checked against an unknown
     * price, an offer without a spot price may not be sold as spot, and a commitment without a published term is no
     * offer to commit to, so none of those falls back.
     */
    private boolean mayFallBackToUnpriced() {
        return pricePublished >= 0 && req.maxPricePerHour().isEmpty() && pricing == PricingModel.ON_DEMAND;
    }

    List<Offer> select(List<Entry> entries) {
        List<Entry> fit = new ArrayList<>(entries.size());   // sized once: a broad select keeps most of thousands
        for (Entry e : entries) {
            if (passesAll(e, -1)) fit.add(e);
        }
        if (fit.isEmpty() && mayFallBackToUnpriced()) {
            for (Entry e : entries) {
                if (passesAll(e, pricePublished)) fit.add(e);
            }
        }
        List<Ranked> ranked = new ArrayList<>(fit.size());
        for (Entry e : fit) ranked.add(rank(e));
        checkInstanceFigures(entries);   // after ranking, which saw most figures match already
        ranked.sort(order());
        List<Offer> out = new ArrayList<>(ranked.size());
        for (Ranked r : ranked) {
            out.add(r.entry().offer().selected(new LazyReasons(() -> reasons(r)), Optional.ofNullable(r.throughput())));
        }
        return out;
    }

    /**
     * An offer's reasons, built when first read. A broad selection over a refreshed catalog returns thousands of
     * offers, and building every sentence for each would be most of its cost while a caller reads a handful (the
     * best one, a page of a table). Unmodifiable; thread-safe (built at most once, under the list's lock); equal to
     * any list of the same sentences.
     */
    static final class LazyReasons extends AbstractList<String> implements RandomAccess {
        private java.util.function.Supplier<List<String>> builder;
        private volatile List<String> built;

        LazyReasons(java.util.function.Supplier<List<String>> builder) {
            this.builder = builder;
        }

        private List<String> built() {
            List<String> b = built;
            if (b == null) {
                synchronized (this) {
                    b = built;
                    if (b == null) {
                        b = List.copyOf(builder.get());
                        built = b;
                        builder = null;   // let the selection it captured go
                    }
                }
            }
            return b;
        }

        @Override
        public String get(int index) {
            return built().get(index);
        }

        @Override
        public int size() {
            return built().size();
        }
    }

    Explanation explain(List<Entry> entries) {
        checkInstanceFigures(entries);
        int[] removed = new int[constraints.size()];
        List<Entry> left = new ArrayList<>();
        List<Miss> misses = new ArrayList<>();
        List<Entry> onlyUnpriced = new ArrayList<>();
        for (Entry e : entries) {
            List<String> failed = new ArrayList<>();
            double closeness = 0;
            boolean onlyPrice = true;
            for (int i = 0; i < constraints.size(); i++) {
                Constraint c = constraints.get(i);
                if (!c.test().test(e)) {
                    removed[i]++;
                    failed.add(c.why().apply(e));
                    closeness += c.closeness().applyAsDouble(e);
                    if (i != pricePublished) onlyPrice = false;
                }
            }
            if (failed.isEmpty()) left.add(e);
            else misses.add(new Miss(e, failed, closeness));
            if (!failed.isEmpty() && onlyPrice) onlyUnpriced.add(e);
        }
        String priceNote = "";
        if (left.isEmpty() && !onlyUnpriced.isEmpty()) {
            if (mayFallBackToUnpriced()) {
                // The same answer select gives: these offers are left, not missed.
                left.addAll(onlyUnpriced);
                misses.removeIf(m -> onlyUnpriced.contains(m.entry()));
                priceNote = " (waived: no priced offer fits and no budget is set, so the " + onlyUnpriced.size()
                        + " unpriced offers that fit are chosen)";
            } else {
                // Prices are what removed these offers: say how to admit them.
                priceNote = " (allowUnpriced(true) admits the " + onlyUnpriced.size() + " offers only this removes"
                        + (req.maxPricePerHour().isPresent() ? ", without maxPricePerHour, which they cannot be checked against" : "")
                        + ")";
            }
        }
        List<Explanation.ConstraintReport> reports = new ArrayList<>();
        for (int i = 0; i < constraints.size(); i++) {
            reports.add(new Explanation.ConstraintReport(constraints.get(i).description()
                    + (i == pricePublished ? priceNote : ""), removed[i]));
        }
        // Nearest: the fewest constraints failed, then the closest to meeting them, then the cheapest.
        Comparator<Miss> nearest = Comparator.<Miss>comparingInt(m -> m.failed().size())
                .thenComparing(Comparator.comparingDouble(Miss::closeness).reversed())
                .thenComparing(Miss::entry, ranking());
        List<String> nearestMisses = misses.stream().sorted(nearest).limit(NEAREST_MISSES)
                .map(m -> m.entry().offer().key() + ": " + String.join("; ", m.failed())).toList();
        return new Explanation(entries.size(), reports, left.size(), nearestMisses, notes(entries, left));
    }

    /** What the constraint counts cannot say: how the ranking treats offers without a figure, prices nobody publishes. */
    private List<String> notes(List<Entry> entries, List<Entry> left) {
        List<String> notes = new ArrayList<>();
        if (pricing != PricingModel.ON_DEMAND && entries.stream().noneMatch(e -> e.offer().price(pricing).isPresent())) {
            notes.add("no offer in this catalog has a " + pricing.label() + " price; a refreshed catalog (cloudai catalog"
                    + " refresh) carries them where the clouds publish them");
        }
        if (req.rankBy() == Ranking.COST_PER_MILLION_TOKENS && !left.isEmpty()) {
            List<Entry> without = left.stream().filter(e -> throughputFor(e) == null).toList();
            if (!without.isEmpty()) {
                String examples = without.stream().map(e -> e.canonical() + " on " + e.offer().instanceType()).distinct()
                        .limit(3).collect(Collectors.joining(", "));
                notes.add("ranked by $ per 1M output tokens: " + without.size() + " of the " + left.size()
                        + " offers left have no throughput figure (" + examples + (without.size() > 3 ? ", ..." : "")
                        + ") and rank after those with one, by $/hour; add a figure with throughput(...) to rank them");
            }
        }
        return notes;
    }

    /** The offer's throughput figure and cost per million output tokens under this pricing model. */
    private Ranked rank(Entry e) {
        ServingThroughput t = figures.isEmpty() ? null : throughputFor(e);
        OptionalDouble price = e.offer().price(pricing);
        double cost = t != null && price.isPresent()
                ? ServingThroughput.costPerMillionTokens(price.getAsDouble(), t.instanceTokensPerSecond(e.offer())) : Double.NaN;
        Offer o = e.offer();
        return new Ranked(e, t, cost, price.orElse(Double.MAX_VALUE), o.acceleratorCount(),
                o.acceleratorMemoryGib().isPresent() ? o.acceleratorCount() * o.acceleratorMemoryGib().getAsDouble() : Double.MAX_VALUE,
                o.vcpus().orElse(Integer.MAX_VALUE));
    }

    /** The figure that applies to {@code e}, the most specific first (see {@link Figure}); null when none does. */
    private ServingThroughput throughputFor(Entry e) {
        Figure best = null;
        for (Figure f : figures) {
            boolean matches = f.canonical() != null ? f.canonical().equals(e.canonical())
                    : f.throughput().name().equalsIgnoreCase(e.offer().instanceType());
            if (matches && f.canonical() == null) seen.add(f.throughput());
            if (matches && (best == null || f.precedence() > best.precedence())) best = f;
        }
        return best == null ? null : best.throughput();
    }

    /**
     * A per-instance figure must name an instance type of this catalog: a typo would otherwise rank nothing, silently.
     * A figure that matched an offer while ranking is known; only the others cost a scan of the catalog.
     */
    private void checkInstanceFigures(List<Entry> entries) {
        for (ServingThroughput t : req.throughput()) {
            if (t.per() != ServingThroughput.Per.INSTANCE || seen.contains(t)) continue;
            boolean known = false;
            for (Entry e : entries) {
                if (e.offer().instanceType().equalsIgnoreCase(t.name())) {
                    known = true;
                    break;
                }
            }
            if (!known) {
                Set<String> types = new java.util.TreeSet<>();
                entries.forEach(e -> types.add(e.offer().instanceType()));
                throw new IllegalArgumentException("throughput: no offer in this catalog has the instance type '"
                        + t.name() + "'" + dev.cloudai.internal.util.Suggestions.closest(t.name(), types)
                        .map(s -> "; did you mean '" + s + "'?").orElse(""));
            }
        }
    }

    /**
     * By the price per hour, or by cost per 1M tokens with the offers that have one first; ties as {@link #ranking()}.
     * The same order as comparing the entries with {@code ranking()}, on the numbers {@link #rank} computed once.
     */
    private Comparator<Ranked> order() {
        boolean byCost = req.rankBy() == Ranking.COST_PER_MILLION_TOKENS;
        return (a, b) -> {
            if (byCost) {
                boolean aCost = !Double.isNaN(a.costPerMillionTokens());
                boolean bCost = !Double.isNaN(b.costPerMillionTokens());
                if (aCost != bCost) return aCost ? -1 : 1;
                if (aCost) {
                    int c = Double.compare(a.costPerMillionTokens(), b.costPerMillionTokens());
                    if (c != 0) return c;
                }
            }
            int c = Double.compare(a.price(), b.price());
            if (c == 0) c = Double.compare(a.count(), b.count());
            if (c == 0) c = Double.compare(a.totalMemoryGib(), b.totalMemoryGib());
            if (c == 0) c = Integer.compare(a.vcpus(), b.vcpus());
            return c != 0 ? c : NAMES.compare(a.entry().offer(), b.entry().offer());
        };
    }

    private record Miss(Entry entry, List<String> failed, double closeness) {
    }

    /** Whether {@code e} meets every constraint but the one at {@code skipped} (-1 skips none). */
    private boolean passesAll(Entry e, int skipped) {
        for (int i = 0; i < constraints.size(); i++) {
            if (i != skipped && !constraints.get(i).test().test(e)) return false;
        }
        return true;
    }

    /** Cheapest by the price used; ties go to the smaller offer, then by name so the order is stable. */
    private Comparator<Entry> ranking() {
        PricingModel model = pricing;
        return Comparator.<Entry>comparingDouble(e -> e.offer().price(model).orElse(Double.MAX_VALUE))
                .thenComparingDouble(e -> e.offer().acceleratorCount())
                .thenComparingDouble(e -> e.offer().totalAcceleratorMemoryGib().orElse(Double.MAX_VALUE))
                .thenComparingInt(e -> e.offer().vcpus().orElse(Integer.MAX_VALUE))
                .thenComparing(Entry::offer, NAMES);
    }

    /** The last tie-break, so that the order is stable: the key's parts one by one (key() would build two strings). */
    private static final Comparator<Offer> NAMES = Comparator.comparing(Offer::cloud).thenComparing(Offer::platform)
            .thenComparing(Offer::region).thenComparing(Offer::instanceType);

    private List<String> reasons(Ranked r) {
        Entry e = r.entry();
        Offer o = e.offer();
        List<String> out = new ArrayList<>();
        String memory = o.acceleratorMemoryGib().isPresent()
                ? " (" + fmt(o.acceleratorMemoryGib().getAsDouble()) + " GiB each, "
                  + fmt(o.totalAcceleratorMemoryGib().getAsDouble()) + " GiB total)" : "";
        out.add(fmt(o.acceleratorCount()) + " x " + e.canonical() + memory + " on " + o.cloud() + " " + o.platform()
                + " in " + o.region());
        OptionalDouble price = o.price(pricing);
        out.add(price.isEmpty() ? "no published " + pricing.label() + " price in the catalog"
                : "$" + money(price.getAsDouble()) + "/h " + pricing.label()
                + req.maxPricePerHour().stream().mapToObj(max -> ", within the $" + money(max) + "/h budget").findFirst().orElse(""));
        if (req.modelBillionsOfParameters().isPresent()) {
            out.add("fits a " + fmt(req.modelBillionsOfParameters().getAsDouble()) + "B " + req.modelPrecision().orElseThrow()
                    + " model for " + lower(req.workload().orElseThrow()) + ": needs " + fmt(neededGib(req)) + " GiB");
        }
        req.minNetworkGbps().ifPresent(min -> out.add("network " + fmt(o.networkGbps().getAsDouble()) + " Gbps >= "
                + fmt(min) + " asked"));
        if (!req.throughput().isEmpty()) out.add(throughputReason(r));
        return out;
    }

    /** For example {@code 1500 output tokens/s per H100 x 8 = 12000 per instance: $0.77 per 1M output tokens on-demand}. */
    private String throughputReason(Ranked r) {
        Offer o = r.entry().offer();
        ServingThroughput t = r.throughput();
        if (t == null) {
            return "no throughput figure for " + r.entry().canonical() + " or " + o.instanceType()
                    + (req.rankBy() == Ranking.COST_PER_MILLION_TOKENS ? ": ranked after the offers with one" : "");
        }
        double tokens = t.instanceTokensPerSecond(o);
        String how = t.per() == ServingThroughput.Per.DEVICE
                ? fmt(t.outputTokensPerSecond()) + " output tokens/s per " + r.entry().canonical() + " x "
                  + fmt(o.acceleratorCount()) + " = " + fmt(tokens) + " per instance"
                : fmt(tokens) + " output tokens/s per instance";
        String source = t.source().isEmpty() ? "" : " (" + t.source() + ")";
        return how + source + (Double.isNaN(r.costPerMillionTokens())
                ? "; no " + pricing.label() + " price, so no cost per 1M output tokens"
                : ": $" + perMillion(r.costPerMillionTokens()) + " per 1M output tokens " + pricing.label());
    }

    /** A yes-or-no constraint: a miss on it is no nearer for one offer than for another. */
    private void add(String description, Predicate<Entry> test, Function<Entry, String> why) {
        add(description, test, why, e -> 0);
    }

    /** A numeric constraint: {@code closeness} is how far an offer gets toward it, 0 to 1, to rank near misses. */
    private void add(String description, Predicate<Entry> test, Function<Entry, String> why, ToDoubleFunction<Entry> closeness) {
        constraints.add(new Constraint(description, test, why, closeness));
    }

    private static double ratio(OptionalDouble have, double wanted) {
        return have.isEmpty() ? 0 : Math.min(1, have.getAsDouble() / wanted);
    }

    private static boolean atLeast(OptionalDouble have, double min) {
        return have.isPresent() && have.getAsDouble() >= min;
    }

    private static String lower(Workload w) {
        return w.name().toLowerCase(Locale.ROOT);
    }

    private static String below(OptionalDouble have, double min, String what, String prefix, String unit, String asked) {
        if (have.isEmpty()) return what + " is not published for it";
        return prefix + fmt(have.getAsDouble()) + unit + " < " + fmt(min) + asked;
    }

    /**
     * The canonical names asked for: a reference name or alias, else a name only the catalog's offers use (a user's
     * V100 rows); anything else fails with the nearest known spelling.
     */
    private static Set<String> resolve(Set<String> names, Map<String, Accelerator> byAlias, Map<String, String> offerOnlyNames,
                                       String field) {
        Set<String> out = new java.util.TreeSet<>();
        for (String n : names) {
            String key = Accelerator.normalize(n);
            Accelerator a = byAlias.get(key);
            if (a != null) {
                out.add(a.name());
            } else if (offerOnlyNames.containsKey(key)) {
                out.add(offerOnlyNames.get(key));
            } else {
                Set<String> spellings = new java.util.HashSet<>(byAlias.keySet());
                spellings.addAll(offerOnlyNames.keySet());
                String near = dev.cloudai.internal.util.Suggestions.closest(key, spellings)
                        .map(s -> "; did you mean '" + (byAlias.containsKey(s) ? byAlias.get(s).name() : offerOnlyNames.get(s)) + "'?")
                        .orElse("");
                Set<String> known = new java.util.TreeSet<>(offerOnlyNames.values());
                byAlias.values().forEach(x -> known.add(x.name()));
                throw new IllegalArgumentException(field + ": unknown accelerator '" + n + "'" + near
                        + " Known: " + List.copyOf(known));
            }
        }
        return out;
    }

    /** A number as people write it: {@code 8}, {@code 0.5}, {@code 156.46}; at most two decimals, no trailing zeros. */
    static String fmt(double d) {
        long hundredths = Math.round(d * 100);
        if (hundredths % 100 == 0) return Long.toString(hundredths / 100);
        String s = money(d);
        return s.endsWith("0") ? s.substring(0, s.length() - 1) : s;
    }

    /** A cost per 1M tokens: two decimals from $0.10 up, four below, where two would round cheap offers to $0.00. */
    static String perMillion(double usd) {
        if (usd >= 0.1) return money(usd);
        long tenThousandths = Math.round(usd * 10_000);
        String digits = Long.toString(tenThousandths + 10_000);   // "1" + four digits, the leading zeros kept
        return "0." + digits.substring(1);
    }

    /** Two decimals, rounded half up, without {@code String.format}'s cost: this runs for every offer returned. */
    static String money(double d) {
        long hundredths = Math.round(Math.abs(d) * 100);
        long cents = hundredths % 100;
        return (d < 0 ? "-" : "") + hundredths / 100 + (cents < 10 ? ".0" : ".") + cents;
    }
}
