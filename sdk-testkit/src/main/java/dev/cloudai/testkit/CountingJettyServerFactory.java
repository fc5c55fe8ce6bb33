package dev.cloudai.testkit;

import com.github.tomakehurst.wiremock.core.Options;
import com.github.tomakehurst.wiremock.http.AdminRequestHandler;
import com.github.tomakehurst.wiremock.http.HttpServer;
import com.github.tomakehurst.wiremock.http.HttpServerFactory;
import com.github.tomakehurst.wiremock.http.StubRequestHandler;
import com.github.tomakehurst.wiremock.jetty11.Jetty11HttpServer;
import com.github.tomakehurst.wiremock.servlet.WireMockHandlerDispatchingServlet;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import org.eclipse.jetty.servlet.FilterHolder;
import org.eclipse.jetty.servlet.ServletContextHandler;

import java.io.IOException;
import java.util.EnumSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * WireMock's own Jetty server, changed in three ways for {@link WireMockCloud}:
 * <ul>
 *   <li>delayed answers wait on our timer, a few daemon threads ({@code answerThreads}) that write each answer when
 *       its delay ends; WireMock's asynchronous responses release the server thread at once
 *       ({@code startAsync}). The timer replaces WireMock's own, whose threads are not daemons: delayed answers left
 *       on them kept a JVM running after the emulator stopped;</li>
 *   <li>every stub request passes an {@link InFlightGauge}: it enters when Jetty hands the request to WireMock and
 *       exits when its answer starts to be written, so the emulator itself measures how many requests it holds at
 *       once. Not when the answer is complete: a client can read the whole answer and send its next request before
 *       Jetty reports the first one complete, and the two would look in flight together;</li>
 *   <li>a delayed answer waits without a time limit: Jetty's default async timeout of 30 s would otherwise cut it,
 *       and {@link Fault.SlowResponse} allows up to 10 minutes.</li>
 * </ul>
 * {@link HttpServer#stop()} drops the answers still waiting for their delay.
 */
final class CountingJettyServerFactory implements HttpServerFactory {
    /** Set by the timer when the request being handled on this thread scheduled its answer; read by the filter. */
    private static final ThreadLocal<Boolean> ANSWER_SCHEDULED = ThreadLocal.withInitial(() -> false);

    private final InFlightGauge gauge;
    private final int answerThreads;

    CountingJettyServerFactory(InFlightGauge gauge, int answerThreads) {
        this.gauge = gauge;
        this.answerThreads = answerThreads;
    }

    @Override
    public String getName() {
        return "cloudai-counting-jetty";
    }

    @Override
    public HttpServer buildHttpServer(Options options, AdminRequestHandler admin, StubRequestHandler stubs) {
        return new Jetty11HttpServer(options, admin, stubs) {
            @Override
            protected void decorateMockServiceContextAfterConfig(ServletContextHandler context) {
                // WireMock made its timer just now and has started none of its threads yet; ours replaces it
                if (scheduledExecutorService != null) scheduledExecutorService.shutdownNow();
                scheduledExecutorService = new AnswerTimer(answerThreads, gauge);
                context.setAttribute(WireMockHandlerDispatchingServlet.ASYNCHRONOUS_RESPONSE_EXECUTOR, scheduledExecutorService);
                context.addFilter(new FilterHolder(new Counting(gauge)), "/*", EnumSet.of(DispatcherType.REQUEST));
            }

            @Override
            public void stop() {
                if (scheduledExecutorService != null) scheduledExecutorService.shutdownNow();
                super.stop();
            }
        };
    }

    /**
     * WireMock schedules each delayed answer here, once, from the thread handling the request: the request is
     * counted out when its answer starts.
     */
    private static final class AnswerTimer extends ScheduledThreadPoolExecutor {
        private final InFlightGauge gauge;

        AnswerTimer(int threads, InFlightGauge gauge) {
            super(threads, daemonThreads());
            this.gauge = gauge;
        }

        private static java.util.concurrent.ThreadFactory daemonThreads() {
            AtomicInteger count = new AtomicInteger();
            return r -> {
                Thread t = new Thread(r, "cloudai-emulator-answers-" + count.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable answer, long delay, TimeUnit unit) {
            ANSWER_SCHEDULED.set(true);
            return super.schedule(() -> {
                gauge.exit();
                answer.run();
            }, delay, unit);
        }
    }

    /** Enters the gauge for each request; exits after it unless its answer was scheduled on the timer. */
    private static final class Counting implements Filter {
        private final InFlightGauge gauge;

        Counting(InFlightGauge gauge) {
            this.gauge = gauge;
        }

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
            gauge.enter();
            ANSWER_SCHEDULED.set(false);
            try {
                chain.doFilter(request, response);
            } finally {
                if (ANSWER_SCHEDULED.get()) {
                    waitWithoutLimit(request);
                } else {
                    gauge.exit();
                }
                ANSWER_SCHEDULED.remove();
            }
        }

        private static void waitWithoutLimit(ServletRequest request) {
            try {
                if (request.isAsyncStarted()) request.getAsyncContext().setTimeout(0);   // the delay is the emulator's
            } catch (IllegalStateException answeredMeanwhile) {
                // a short delay ended and its answer completed before this line: nothing waits any more
            }
        }
    }
}
