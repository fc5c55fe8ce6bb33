package dev.cloudai.benchmarks;

import dev.cloudai.CloudAi;
import dev.cloudai.benchmarks.stub.Answers;
import dev.cloudai.benchmarks.stub.HttpStub;
import dev.cloudai.invocation.ChatModel;
import dev.cloudai.invocation.ChatRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * {@code calls} (1,000) Bedrock Converse calls started at once and awaited, against a stub that answers each after
 * {@code delayMs} (200 ms) and holds them all meanwhile: one operation is the time until the last answer, which an
 * SDK that sends them all at once brings close to one round trip. Ours goes through {@code chatAsync}; raw through
 * {@code BedrockRuntimeAsyncClient} on Netty with as many connections as calls; {@link #stubAlone} through the JDK's
 * HTTP client shows the floor the stub and this machine allow.
 *
 * <p>Ours runs with the SDK's default connections and with {@code cloudai.http.max-connections} set to
 * {@code maxConnections}; an SDK without that key refuses the second (run it with {@code -p maxConnections=default};
 * {@link Suite} does so by itself).
 *
 * <pre>
 * ./mvnw -q -Pbench -DskipTests verify -pl sdk-benchmarks -am -Djmh.args="ConcurrencyBenchmark -p maxConnections=default"
 * </pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
public class ConcurrencyBenchmark {
    /** The longest one burst may take before the benchmark fails: well above 1,000 calls over 50 connections. */
    private static final long BURST_TIMEOUT_SECONDS = 60;

    /** The stub, shared by the sides of one trial. */
    @State(Scope.Benchmark)
    public static class Stub {
        @Param("1000")
        public int calls;
        @Param("200")
        public int delayMs;
        HttpStub server;

        @Setup(Level.Trial)
        public void start() {
            server = HttpStub.start(Duration.ofMillis(delayMs), 2);
        }

        @TearDown(Level.Trial)
        public void stop() {
            server.close();
        }
    }

    /** Our SDK, with the default connections or {@code cloudai.http.max-connections=maxConnections}. */
    @State(Scope.Benchmark)
    public static class Ours {
        @Param({OurSide.DEFAULT, "1000"})
        public String maxConnections;
        CloudAi ai;
        ChatModel chat;

        @Setup(Level.Trial)
        public void start(Stub stub) {
            ai = CloudAi.create(OurSide.maxConnections(OurSide.aws(stub.server.uri()), maxConnections).build());
            chat = ai.chatModel(OurSide.BEDROCK_MODEL);
        }

        @TearDown(Level.Trial)
        public void stop() {
            ai.close();
        }
    }

    /** The raw async Bedrock client with one connection per call. */
    @State(Scope.Benchmark)
    public static class Raw {
        RawClients.BedrockAsync raw;

        @Setup(Level.Trial)
        public void start(Stub stub) {
            raw = RawClients.bedrockAsync(stub.server.uri(), stub.calls);
        }

        @TearDown(Level.Trial)
        public void stop() {
            raw.close();
        }
    }

    /** The JDK's HTTP client, which opens a connection per request in flight. */
    @State(Scope.Benchmark)
    public static class Jdk {
        HttpClient client;
        HttpRequest request;

        @Setup(Level.Trial)
        public void start(Stub stub) {
            client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            request = HttpRequest.newBuilder(URI.create(stub.server.uri() + "/model/stub-model/converse"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"messages\":[]}")).build();
        }
    }

    @Benchmark
    public int ours(Stub stub, Ours ours) throws Exception {
        return burst("ours", stub.calls, i -> ours.chat.chatAsync(ChatRequest.ofUser(OurSide.PROMPT)), r -> r.text());
    }

    @Benchmark
    public int raw(Stub stub, Raw raw) throws Exception {
        return burst("raw", stub.calls, i -> raw.raw.client().converse(RawClients.converseRequest(OurSide.PROMPT)),
                RawClients::text);
    }

    @Benchmark
    public int stubAlone(Stub stub, Jdk jdk) throws Exception {
        return burst("stubAlone", stub.calls, i -> jdk.client.sendAsync(jdk.request, HttpResponse.BodyHandlers.ofString()),
                r -> r.statusCode() == 200 ? Answers.TEXT : "HTTP " + r.statusCode() + ": " + r.body());
    }

    /** Starts {@code calls} calls, waits for all, checks every answer; the number answered. */
    private static <R> int burst(String side, int calls, IntFunction<CompletableFuture<R>> call, Function<R, String> text)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<CompletableFuture<R>> answers = new ArrayList<>(calls);
        for (int i = 0; i < calls; i++) answers.add(call.apply(i));
        CompletableFuture.allOf(answers.toArray(CompletableFuture<?>[]::new)).get(BURST_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        for (CompletableFuture<R> a : answers) Answers.check(side, text.apply(a.join()));
        return calls;
    }
}
