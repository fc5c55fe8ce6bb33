package dev.cloudai.testkit;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.matching.UrlPattern;
import com.github.tomakehurst.wiremock.standalone.MappingsSource;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.stubbing.StubMappings;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;

/**
 * An {@link EmulatedCloud} served by one {@link WireMockServer} on a free loopback port. A subclass knows one
 * cloud's wire API: it registers the stubs that serve the canned conversation of
 * {@link dev.cloudai.testkit.Canned}, renders each {@link Fault.ResponseFault} in the cloud's own error
 * format, and lists the configuration keys that point the cloud's provider here. Stubs come from code only; no
 * file root is read.
 *
 * <p>Adapter tests can check the exact requests their client sent with WireMock's own API on {@link #server()}.
 *
 * <pre>{@code
 * final class MyCloud extends WireMockCloud {
 *     MyCloud() { super("mycloud"); }
 *
 *     protected void registerDefaultStubs(WireMockServer server) {
 *         server.stubFor(post(urlPathMatching("/v1/models/[^/]+/chat")).willReturn(okJson("{\"text\":\"...\"}")));
 *     }
 *
 *     protected ResponseDefinitionBuilder renderFault(Fault.ResponseFault fault) {
 *         if (fault instanceof Fault.Throttle t) return aResponse().withStatus(429).withHeader("Retry-After", "1");
 *         ...
 *     }
 *
 *     public Map<String, String> properties() { return Map.of("cloudai.mycloud.endpoint", baseUrl()); }
 * }
 *
 * // in an adapter test:
 * cloud.server().verify(1, postRequestedFor(urlEqualTo("/v1/models/m/chat")).withHeader("Authorization", matching("Bearer .+")));
 * }</pre>
 *
 * <p>"The next N requests fail" is a chain of N WireMock scenario stubs at {@link #FAULT_PRIORITY}: each moves the
 * chain's scenario to its next state, and after the N-th no fault stub matches any more, so the default stubs
 * answer again. {@link Fault.ConnectionReset} is WireMock's {@code CONNECTION_RESET_BY_PEER};
 * {@link Fault.SlowResponse} delays whatever answer a request gets. Requests that arrive concurrently may both
 * see the same step of a chain; inject faults for sequential calls.
 *
 * <p>A delayed answer waits on a timer, not on a thread: WireMock's asynchronous responses release the server thread
 * at once and a few timer threads ({@link #ANSWER_THREADS}) write each answer when its delay ends. So the emulator
 * holds as many slow requests at once as clients send, as a cloud does, and counts them ({@link CountsInFlight}): a
 * request is in flight from its arrival until its answer starts.
 */
public abstract class WireMockCloud implements EmulatedCloud, CountsInFlight {

    /** The priority of injected fault stubs (1 is WireMock's highest). Default stubs must use 2 or more, or none. */
    public static final int FAULT_PRIORITY = 1;

    /** Chains longer than this are refused: use {@link EmulatedCloud#ALWAYS} instead. */
    public static final int MAX_CHAIN = 1000;

    /**
     * The threads that write delayed answers when their delay ends, whatever the number of requests waiting: writing
     * one small answer takes microseconds.
     */
    public static final int ANSWER_THREADS = 4;

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9]*");

    private final String id;
    private final SlowResponses slow = new SlowResponses();
    private final InFlightGauge inFlight = new InFlightGauge();
    private final AtomicInteger scenarios = new AtomicInteger();
    private final Object lock = new Object();
    private volatile WireMockServer server;

    /** A cloud that emulates provider {@code id} (lower-case letters and digits, as in {@code cloudai.provider}). */
    protected WireMockCloud(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("id: '" + id + "' is not a provider id; use lower-case letters and digits,"
                    + " for example aws");
        }
        this.id = id;
    }

    /**
     * Registers the stubs that serve the canned conversation in this cloud's wire format. Called after
     * {@link #start()} and after every {@link #reset()}, on an empty server. Use no priority, or 2 and above.
     */
    protected abstract void registerDefaultStubs(WireMockServer server);

    /** The answer this cloud gives for {@code fault}, in its own wire format (status, headers, error body). */
    protected abstract ResponseDefinitionBuilder renderFault(Fault.ResponseFault fault);

    /**
     * The requests a {@link Fault.StreamCut} applies to: this cloud's streaming chat requests, for example
     * {@code post(urlPathMatching("/model/[^/]+/converse-stream"))}. Other requests are answered normally and do not
     * use the fault up.
     *
     * @throws UnsupportedOperationException when this cloud has no streams to cut (the default)
     */
    protected MappingBuilder streamingRequests() {
        throw new UnsupportedOperationException("the " + id() + " emulator (" + getClass().getName()
                + ") has no streams to cut");
    }

    /** The answer a {@link Fault.StreamCut} gives: the stream, stopped in the middle (see the fault's rules). */
    protected ResponseDefinitionBuilder renderStreamCut() {
        throw new UnsupportedOperationException("the " + id() + " emulator (" + getClass().getName()
                + ") has no streams to cut");
    }

    /**
     * Changes the server's options before it starts, for example to add WireMock extensions. The port and bind
     * address are already set (a free port on 127.0.0.1); leave them.
     */
    protected void customize(WireMockConfiguration options) {
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public void start() {
        synchronized (lock) {
            if (server != null) throw new IllegalStateException("cloud '" + id + "' is running already at " + baseUrl());
            WireMockConfiguration options = WireMockConfiguration.options()
                    .dynamicPort()
                    .bindAddress("127.0.0.1")
                    .jettyAcceptors(1)
                    // Connections a burst opens at once wait in the kernel's accept queue for the one acceptor. Jetty
                    // leaves its length to the JDK, 50: beyond that, connects stalled for the 1 s and 3 s of TCP's SYN
                    // retries, and 200 new connections took 2-3 s to open instead of 50 ms (WireMockCloudTest).
                    // The kernel caps the value at its own limit (net.core.somaxconn, 4096 on current Linux).
                    .jettyAcceptQueueSize(4096)
                    .mappingSource(NoFileMappings.INSTANCE)
                    .jettyStopTimeout(0L)
                    .asynchronousResponseEnabled(true)
                    .extensions(slow, new CountingJettyServerFactory(inFlight, ANSWER_THREADS));
            customize(options);
            WireMockServer s = new WireMockServer(options);
            s.start();
            try {
                registerDefaultStubs(s);
            } catch (RuntimeException | Error e) {
                s.stop();
                throw e;
            }
            server = s;
        }
    }

    @Override
    public boolean isRunning() {
        WireMockServer s = server;
        return s != null && s.isRunning();
    }

    /**
     * The running server, to add stubs or verify requests with WireMock's API.
     *
     * @throws IllegalStateException when the cloud is not running
     */
    public final WireMockServer server() {
        WireMockServer s = server;
        if (s == null) {
            throw new IllegalStateException("cloud '" + id + "' is not running; start() it, or start it through CloudEmulator.start(...)");
        }
        return s;
    }

    /** The server's port. */
    public final int port() {
        return server().port();
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    public final String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    public int requestCount() {
        return server().getAllServeEvents().size();
    }

    @Override
    public int inFlight() {
        return inFlight.current();
    }

    /** The most requests in flight at once since start or the last {@link #reset()}. */
    @Override
    public int maxInFlight() {
        return inFlight.max();
    }

    @Override
    public void reset() {
        synchronized (lock) {
            WireMockServer s = server();
            inFlight.resetMax();
            slow.clear();
            s.resetMappings();     // not resetAll(): that would reload mappings from a file root
            s.resetScenarios();
            s.resetRequests();
            registerDefaultStubs(s);
        }
    }

    @Override
    public void inject(Fault fault, int times) {
        inject(fault, times, anyUrl());
    }

    /**
     * Makes the next {@code times} requests whose URL matches {@code only} fail with {@code fault}; other requests
     * are answered normally and do not count.
     *
     * @param only for example {@code urlPathMatching("/v1/models/.*")}
     * @throws IllegalArgumentException when {@code times} is below 1 or above {@link #MAX_CHAIN} (and not {@link #ALWAYS})
     */
    public void inject(Fault fault, int times, UrlPattern only) {
        Objects.requireNonNull(fault, "fault");
        Objects.requireNonNull(only, "only");
        if (times < 1 || (times > MAX_CHAIN && times != ALWAYS)) {
            throw new IllegalArgumentException("times: must be from 1 to " + MAX_CHAIN + ", or EmulatedCloud.ALWAYS; was " + times);
        }
        server();   // fails when the cloud is not running
        if (fault instanceof Fault.SlowResponse slowResponse) {
            slow.add(slowResponse.delay(), times, only);
            return;
        }
        if (fault instanceof Fault.StreamCut) {
            chain(fault, times, this::streamingRequests, renderStreamCut());
            return;
        }
        ResponseDefinitionBuilder response;
        if (fault instanceof Fault.ConnectionReset) {
            response = aResponse().withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER);
        } else {
            Fault.ResponseFault responseFault = (Fault.ResponseFault) fault;
            response = Objects.requireNonNull(renderFault(responseFault),
                    () -> getClass().getName() + ".renderFault returned null for " + fault);
        }
        chain(fault, times, () -> any(only), response);
    }

    /** Stubs {@code times} answers of {@code fault} to requests that {@code requests} matches (see the class doc). */
    private void chain(Fault fault, int times, Supplier<MappingBuilder> requests, ResponseDefinitionBuilder response) {
        WireMockServer s = server();
        if (times == ALWAYS) {
            s.stubFor(requests.get().atPriority(FAULT_PRIORITY).withName("fault (always): " + fault).willReturn(response));
            return;
        }
        String scenario = "cloudai-fault-" + scenarios.incrementAndGet();
        for (int i = 0; i < times; i++) {
            // A MappingBuilder is mutable and builds one stub: each step of the chain starts from a fresh one.
            s.stubFor(requests.get().atPriority(FAULT_PRIORITY)
                    .withName("fault " + (i + 1) + "/" + times + ": " + fault)
                    .inScenario(scenario)
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "failed-" + i)
                    .willSetStateTo("failed-" + (i + 1))
                    .willReturn(response));
        }
    }

    /** Stops the server; the cloud can be started again, on a new port. Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            WireMockServer s = server;
            server = null;
            slow.clear();
            if (s != null) s.stop();
        }
    }

    @Override
    public String toString() {
        WireMockServer s = server;
        return getClass().getSimpleName() + "[" + id + (s != null ? ", http://127.0.0.1:" + s.port() : ", stopped") + "]";
    }

    /** Keeps WireMock from loading stubs from {@code src/test/resources/mappings}: stubs come from code only. */
    private static final class NoFileMappings implements MappingsSource {
        static final NoFileMappings INSTANCE = new NoFileMappings();

        @Override
        public void loadMappingsInto(StubMappings stubMappings) {
        }

        @Override
        public void save(List<StubMapping> stubMappings) {
        }

        @Override
        public void save(StubMapping stubMapping) {
        }

        @Override
        @SuppressWarnings("removal")
        public void remove(StubMapping stubMapping) {
        }

        @Override
        public void remove(java.util.UUID stubMappingId) {
        }

        @Override
        public void removeAll() {
        }
    }
}
