package dev.cloudai.fake;

import dev.cloudai.accelerator.PricingModel;
import dev.cloudai.spi.PricePoint;
import dev.cloudai.spi.PriceQuery;
import dev.cloudai.spi.PriceSheet;
import dev.cloudai.spi.PriceSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** An in-memory price source: answers each query with what the test scripted, and records the queries and the close. */
public final class FakePriceSource implements PriceSource {
    private final String cloud;
    private final Function<PriceQuery, PriceSheet> answer;
    public final List<PriceQuery> queries = new CopyOnWriteArrayList<>();
    public volatile boolean closed;

    private FakePriceSource(String cloud, Function<PriceQuery, PriceSheet> answer) {
        this.cloud = cloud;
        this.answer = answer;
    }

    /** Answers every query with these points, no problem, and {@code requests} requests. */
    public static FakePriceSource pricing(String cloud, int requests, PricePoint... points) {
        return new FakePriceSource(cloud, q -> new PriceSheet(List.of(points), List.of(), requests));
    }

    /** Answers with {@code sheet}. */
    public static FakePriceSource answering(String cloud, PriceSheet sheet) {
        return new FakePriceSource(cloud, q -> sheet);
    }

    /** Throws {@code failure} on every fetch, as a source does when nothing at all could be fetched. */
    public static FakePriceSource failing(String cloud, RuntimeException failure) {
        return new FakePriceSource(cloud, q -> {
            throw failure;
        });
    }

    /** An on-demand point. */
    public static PricePoint onDemand(String platform, String region, String type, double usd) {
        return new PricePoint(platform, region, type, PricingModel.ON_DEMAND, usd, "fake " + platform + " list " + type);
    }

    /** A point of any model. */
    public static PricePoint point(String platform, String region, String type, PricingModel model, double usd) {
        return new PricePoint(platform, region, type, model, usd, "fake " + model.label() + " " + type);
    }

    @Override
    public String cloud() {
        return cloud;
    }

    @Override
    public PriceSheet fetch(PriceQuery query) {
        queries.add(query);
        return answer.apply(query);
    }

    @Override
    public void close() {
        closed = true;
    }

    /** The queries' fetched count. */
    public int fetches() {
        return new ArrayList<>(queries).size();
    }
}
