package dev.cloudai.testkit;

import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.matching.UrlPattern;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Delays the next N answers of a {@link WireMockCloud}, whatever they are. A slow answer is the normal answer
 * later, so it cannot be a stub of its own the way the other faults are: this transformer adds the delay to the
 * response the matching stub produced. The most recent injection that matches a request's URL is used up first.
 * WireMock then waits out the delay on a timer, not on a server thread ({@link WireMockCloud} turns its asynchronous
 * responses on), so any number of requests can be delayed at once.
 */
final class SlowResponses implements ResponseTransformerV2 {
    static final String NAME = "cloudai-slow-responses";

    private final List<Pending> pending = new ArrayList<>();   // guarded by this; newest last

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return true;
    }

    @Override
    public Response transform(Response response, ServeEvent serveEvent) {
        long delay = take(serveEvent.getRequest().getUrl());
        return delay == 0 ? response : Response.Builder.like(response).incrementInitialDelay(delay).build();
    }

    synchronized void add(Duration delay, int times, UrlPattern only) {
        pending.add(new Pending(delay.toMillis(), times, only));
    }

    synchronized void clear() {
        pending.clear();
    }

    private synchronized long take(String url) {
        for (int i = pending.size() - 1; i >= 0; i--) {
            Pending p = pending.get(i);
            if (!p.only.match(url).isExactMatch()) continue;
            if (p.remaining != EmulatedCloud.ALWAYS && --p.remaining == 0) pending.remove(i);
            return p.delayMillis;
        }
        return 0;
    }

    private static final class Pending {
        final long delayMillis;
        final UrlPattern only;
        int remaining;

        Pending(long delayMillis, int remaining, UrlPattern only) {
            this.delayMillis = delayMillis;
            this.remaining = remaining;
            this.only = only;
        }
    }
}
