package dev.cloudai.aws.pricing;

import dev.cloudai.accelerator.PricingModel;
import dev.cloudai.errors.AuthenticationException;
import dev.cloudai.errors.CloudAiException;
import dev.cloudai.spi.ErrorMapper;
import dev.cloudai.spi.PricePoint;
import dev.cloudai.spi.PriceSheet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What one fetch has gathered so far: the points (one per platform, region, instance type and pricing model, the
 * first one kept), the problem sentences, and how many parts succeeded or failed. A part is one query of one API
 * (a region's SageMaker hosting prices, an instance type's EC2 products, a region's spot prices...): it either
 * completes, pages included, or ends as one problem while the other parts go on.
 *
 * <pre>{@code
 * sheet.part("us-west-2 spot prices", () -> spot.fetch("us-west-2"));   // a failure becomes a problem sentence
 * sheet.add("vm", "us-west-2", "p5.48xlarge", PricingModel.SPOT, 13.1, "EC2 spot price history us-west-2a ...");
 * PriceSheet result = sheet.build(requests);   // throws when every part failed
 * }</pre>
 */
final class SheetBuilder {
    /** What {@code AwsErrorMapper} names a credential chain that found nothing: no request can succeed then. */
    private static final String NO_CREDENTIALS = "CredentialsUnavailable";

    private record Key(String platform, String region, String instanceType, PricingModel model) {
    }

    private final Set<PricingModel> models;
    private final Map<Key, PricePoint> points = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private int succeeded;
    private int failed;
    private CloudAiException firstFailure;

    private final ErrorMapper mapper;

    SheetBuilder(Set<PricingModel> models, ErrorMapper mapper) {
        this.models = Set.copyOf(models);
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    boolean wants(PricingModel model) {
        return models.contains(model);
    }

    /**
     * Adds a point unless its model is not wanted or the sheet has a point for its key already. {@code source} is
     * the API's text (SKUs, usage types): a comma in it, which a catalog field cannot hold, becomes a space.
     */
    void add(String platform, String region, String instanceType, PricingModel model, double usdPerHour, String source) {
        if (!models.contains(model)) return;
        points.putIfAbsent(new Key(platform, region, instanceType, model),
                new PricePoint(platform, region, instanceType, model, usdPerHour, source.replace(',', ' ')));
    }

    /** Whether any point of {@code platform} and {@code model} names {@code instanceType}, in whatever region. */
    boolean hasAnywhere(String platform, String instanceType, PricingModel model) {
        return points.keySet().stream().anyMatch(k -> k.platform.equals(platform) && k.instanceType.equals(instanceType)
                && k.model == model);
    }

    void problem(String sentence) {
        problems.add(Objects.requireNonNull(sentence, "sentence"));
    }

    /**
     * Runs one part. A failure becomes the problem "{@code part}: {why}" and the fetch goes on, except when no
     * credentials were found or the thread was interrupted: then nothing else can succeed, and the neutral
     * exception is thrown at once.
     *
     * @return whether the part completed
     */
    boolean part(String part, Runnable work) {
        try {
            work.run();
            succeeded++;
            return true;
        } catch (RuntimeException e) {
            // a failure other than a request's (an answer this code cannot handle) ends the part the same way
            ThrottleRetry.GaveUp gaveUp = e instanceof ThrottleRetry.GaveUp g ? g
                    : new ThrottleRetry.GaveUp(mapper.map(ThrottleRetry.OPERATION, e), 0, false);
            CloudAiException mapped = gaveUp.mapped();
            if (gaveUp.interrupted() || (mapped instanceof AuthenticationException
                    && mapped.providerCode().filter(NO_CREDENTIALS::equals).isPresent())) {
                throw mapped;
            }
            failed++;
            if (firstFailure == null) firstFailure = mapped;
            problems.add(part + ": " + gaveUp.describe());
            return false;
        }
    }

    /**
     * The sheet.
     *
     * @throws CloudAiException the first part's failure, when parts ran and none completed: nothing at all was fetched
     */
    PriceSheet build(int requests) {
        if (succeeded == 0 && firstFailure != null) throw firstFailure;
        return new PriceSheet(List.copyOf(points.values()), problems, requests);
    }
}
