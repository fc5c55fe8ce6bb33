package dev.cloudai.testkit;

import dev.cloudai.testkit.testcloud.TestCloud;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The emulator's own behaviour on the wire, seen by a plain HTTP client: default stubs, faults, reset, lifecycle. */
class WireMockCloudTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String CHAT = "/v1/models/" + Canned.CHAT_MODEL + "/chat";
    private static final String EMBED = "/v1/models/" + Canned.EMBEDDING_MODEL + "/embed";

    private final TestCloud cloud = new TestCloud();

    @BeforeEach
    void start() {
        cloud.start();
    }

    @AfterEach
    void stop() {
        cloud.close();
    }

    @Test
    void twoCloudsRunOnTheirOwnFreeLoopbackPortsAndServeTheCannedAnswer() throws Exception {
        try (TestCloud other = new TestCloud("othercloud")) {
            other.start();
            assertNotEquals(cloud.port(), other.port());
            assertEquals("http://127.0.0.1:" + cloud.port(), cloud.baseUrl());
            for (TestCloud c : List.of(cloud, other)) {
                HttpResponse<String> r = send(c, CHAT, Duration.ofSeconds(5));
                assertEquals(200, r.statusCode());
                assertTrue(r.body().contains(Canned.CHAT_TEXT), r.body());
            }
        }
    }

    @Test
    void anInjectedFaultFailsTheNextNRequestsThenTheDefaultStubsAnswerAgain() throws Exception {
        cloud.inject(Fault.serverError(503), 2);
        assertEquals(List.of(503, 503, 200, 200), statuses(CHAT, 4));
        assertEquals(4, cloud.requestCount());
    }

    @Test
    void aFaultInjectedLaterComesFirstThenTheEarlierOne() throws Exception {
        cloud.inject(Fault.serverError(503), 1);
        cloud.inject(Fault.throttle(), 1);
        assertEquals(List.of(429, 503, 200), statuses(CHAT, 3));
    }

    @Test
    void aFaultLimitedToAUrlPatternLeavesOtherRequestsAlone() throws Exception {
        cloud.inject(Fault.notFound(), 1, urlPathMatching(".*/embed"));
        assertEquals(200, send(cloud, CHAT, Duration.ofSeconds(5)).statusCode());
        assertEquals(List.of(404, 200), statuses(EMBED, 2));
    }

    @Test
    void anAlwaysFaultFailsEveryRequestUntilReset() throws Exception {
        cloud.inject(Fault.unauthorized(), EmulatedCloud.ALWAYS);
        assertEquals(List.of(401, 401, 401, 401, 401), statuses(CHAT, 5));

        cloud.reset();
        assertEquals(List.of(200), statuses(CHAT, 1));
        assertEquals(1, cloud.requestCount());
    }

    @Test
    void aThrottleCarriesRetryAfterAndTheRequestIdInTheCloudsFormat() throws Exception {
        cloud.inject(Fault.throttle(Duration.ofMillis(1500)), 1);
        HttpResponse<String> r = send(cloud, CHAT, Duration.ofSeconds(5));
        assertEquals(429, r.statusCode());
        assertEquals("1.500", r.headers().firstValue("Retry-After").orElse(null));
        assertTrue(r.headers().firstValue("x-request-id").orElse("").startsWith("req-"));
        assertTrue(r.body().contains("\"code\":\"Throttled\""), r.body());
    }

    @Test
    void resetRestoresTheDefaultStubsClearsTheJournalAndRestartsScenarios() throws Exception {
        cloud.server().stubFor(post(urlPathEqualTo(EMBED)).atPriority(2).willReturn(aResponse().withStatus(418)));
        cloud.inject(Fault.serverError(500), 3, urlPathEqualTo(CHAT));
        assertEquals(List.of(500), statuses(CHAT, 1));
        assertEquals(List.of(418), statuses(EMBED, 1));
        HttpRequest create = HttpRequest.newBuilder(URI.create(cloud.baseUrl() + "/v1/endpoints/e1"))
                .PUT(HttpRequest.BodyPublishers.ofString("{}")).build();
        assertEquals(201, HTTP.send(create, HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(200, get("/v1/endpoints/e1"));

        cloud.reset();

        assertEquals(0, cloud.requestCount());
        assertEquals(404, get("/v1/endpoints/e1"), "the endpoint lifecycle starts over");
        assertEquals(List.of(200), statuses(CHAT, 1), "the rest of the fault chain is gone");
        assertEquals(List.of(200), statuses(EMBED, 1), "the custom stub is gone, the default one is back");
    }

    @Test
    void everyRequestCountsMatchedOrNot() throws Exception {
        send(cloud, CHAT, Duration.ofSeconds(5));
        assertEquals(404, get("/no/such/path"));
        assertEquals(2, cloud.requestCount());
        cloud.server().verify(1, postRequestedFor(urlPathEqualTo(CHAT)));
    }

    @Test
    void aConnectionResetAnswersNothingOnceThenTheCloudServesAgain() throws Exception {
        cloud.inject(Fault.connectionReset(), 1);
        assertThrows(IOException.class, () -> send(cloud, CHAT, Duration.ofSeconds(5)));
        assertEquals(200, send(cloud, CHAT, Duration.ofSeconds(5)).statusCode());
        assertEquals(2, cloud.requestCount());
    }

    @Test
    void aSlowResponseDelaysOnlyTheNextMatchingRequest() throws Exception {
        cloud.inject(Fault.slowResponse(Duration.ofMillis(700)), 1, urlPathMatching(".*/chat"));
        assertEquals(200, send(cloud, EMBED, Duration.ofMillis(500)).statusCode(), "another path is not delayed");
        assertThrows(HttpTimeoutException.class, () -> send(cloud, CHAT, Duration.ofMillis(150)));
        HttpResponse<String> next = send(cloud, CHAT, Duration.ofMillis(500));
        assertEquals(200, next.statusCode(), "the delay is used up");
        assertTrue(next.body().contains(Canned.CHAT_TEXT));
    }

    @Test
    void aSlowResponseDelaysAFaultToo() throws Exception {
        cloud.inject(Fault.serverError(502), 1);
        cloud.inject(Fault.slowResponse(Duration.ofMillis(120)), 1);
        long start = System.nanoTime();
        assertEquals(502, send(cloud, CHAT, Duration.ofSeconds(5)).statusCode());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 120);
    }

    /**
     * A delayed answer waits on a timer, not on a server thread: 200 slow requests are all held at once, as the
     * emulator itself counts them, and the JVM starts no thread for them. The client is this test's thread alone (one
     * selector over 200 sockets), so every thread started would be the emulator's. A first burst fills the server's
     * pools; the second is the one measured.
     */
    @Test
    void slowAnswersWaitOnATimerSoHundredsAreInFlightAtOnceWithoutAThreadEach() throws Exception {
        int requests = 200;
        cloud.inject(Fault.slowResponse(Duration.ofMillis(500)), EmulatedCloud.ALWAYS);
        burst(requests);
        cloud.reset();

        cloud.inject(Fault.slowResponse(Duration.ofSeconds(1)), EmulatedCloud.ALWAYS);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long startedBefore = threads.getTotalStartedThreadCount();
        List<String> statusLines = burst(requests);
        long started = threads.getTotalStartedThreadCount() - startedBefore;

        for (String line : statusLines) assertEquals("HTTP/1.1 200 OK", line);
        assertEquals(requests, cloud.maxInFlight(), "requests the emulator held at once: every one, each waiting on a timer");
        assertTrue(started < 3, () -> started + " threads started while the emulator held " + requests
                + " slow requests: a thread per delayed answer?");
        // a client can read an answer's last byte a moment before the server counts the request out
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (cloud.inFlight() > 0 && System.nanoTime() < deadline) LockSupport.parkNanos(1_000_000);
        assertEquals(0, cloud.inFlight(), "requests still counted in flight 5 s after every answer arrived");
    }

    /**
     * Sends {@code requests} chat requests at once, each on its own connection, and reads every answer, all from this
     * thread: a selector waits for the answers. Returns each answer's status line.
     */
    private List<String> burst(int requests) throws IOException {
        byte[] body = "{\"messages\":[],\"inputs\":[\"a\"]}".getBytes(StandardCharsets.UTF_8);
        byte[] request = ("POST " + CHAT + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n" + new String(body, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8);
        List<String> statusLines = new ArrayList<>();
        List<SocketChannel> channels = new ArrayList<>();
        try (Selector selector = Selector.open()) {
            // connections first, then the requests: the requests then arrive within milliseconds of each other
            for (int i = 0; i < requests; i++) channels.add(SocketChannel.open(new InetSocketAddress("127.0.0.1", cloud.port())));
            for (SocketChannel channel : channels) {
                channel.write(ByteBuffer.wrap(request));
                channel.configureBlocking(false);
                channel.register(selector, SelectionKey.OP_READ, new ByteArrayOutputStream());
            }
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (statusLines.size() < requests) {
                if (System.nanoTime() > deadline) throw new AssertionError(statusLines.size() + " of " + requests + " answers in 30 s");
                selector.select(1000);
                for (SelectionKey key : selector.selectedKeys()) {
                    SocketChannel channel = (SocketChannel) key.channel();
                    ByteArrayOutputStream answer = (ByteArrayOutputStream) key.attachment();
                    buffer.clear();
                    int read = channel.read(buffer);
                    if (read > 0) answer.write(buffer.array(), 0, read);
                    if (read < 0) {   // Connection: close, so the end of the stream is the end of the answer
                        String text = answer.toString(StandardCharsets.UTF_8);
                        statusLines.add(text.substring(0, Math.max(0, text.indexOf("\r\n"))));
                        key.cancel();
                        channel.close();
                    }
                }
                selector.selectedKeys().clear();
            }
        } finally {
            for (SocketChannel channel : channels) channel.close();
        }
        return statusLines;
    }

    @Test
    void faultCountsOutsideOneToTheChainLimitAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> cloud.inject(Fault.notFound(), 0));
        assertThrows(IllegalArgumentException.class, () -> cloud.inject(Fault.notFound(), WireMockCloud.MAX_CHAIN + 1));
        assertThrows(NullPointerException.class, () -> cloud.inject(null, 1));
    }

    @Test
    void aStoppedCloudSaysHowToStartItAndCanBeStartedAgain() throws Exception {
        cloud.close();
        assertFalse(cloud.isRunning());
        IllegalStateException e = assertThrows(IllegalStateException.class, cloud::server);
        assertTrue(e.getMessage().contains("start()"), e.getMessage());
        assertThrows(IllegalStateException.class, cloud::properties);
        assertThrows(IllegalStateException.class, () -> cloud.inject(Fault.notFound(), 1));
        cloud.close();   // idempotent

        cloud.start();
        assertTrue(cloud.isRunning());
        assertEquals(200, send(cloud, CHAT, Duration.ofSeconds(5)).statusCode());
        assertThrows(IllegalStateException.class, cloud::start);
    }

    @Test
    void aCloudIdMustBeAProviderId() {
        assertThrows(IllegalArgumentException.class, () -> new TestCloud("Test-Cloud"));
        assertThrows(IllegalArgumentException.class, () -> new TestCloud(""));
    }

    private List<Integer> statuses(String path, int requests) throws Exception {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < requests; i++) out.add(send(cloud, path, Duration.ofSeconds(5)).statusCode());
        return out;
    }

    private int get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(cloud.baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static HttpResponse<String> send(TestCloud c, String path, Duration timeout) throws IOException, InterruptedException {
        return HTTP.send(request(c, path, timeout), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(TestCloud c, String path, Duration timeout) {
        return HttpRequest.newBuilder(URI.create(c.baseUrl() + path)).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"messages\":[],\"inputs\":[\"a\"]}")).build();
    }
}
