package dev.cloudai.benchmarks;

import dev.cloudai.CloudAi;
import dev.cloudai.benchmarks.stub.Answers;
import dev.cloudai.benchmarks.stub.JdkHttpStub;
import dev.cloudai.invocation.ChatRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * From nothing to the first answer, once per fresh JVM (every fork is one): ours is {@code CloudAi.create} for
 * Bedrock plus the first {@code chat}; raw builds only what that call needs, an Apache HTTP client and a
 * {@code BedrockRuntimeClient} configured as the adapter configures its own, and makes the one Converse call. The
 * stub is the JDK's HTTP server, started before the clock, so no client class is loaded early.
 *
 * <pre>
 * ./mvnw -q -Pbench -DskipTests verify -pl sdk-benchmarks -am -Djmh.args="ColdStartBenchmark -f 15"
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(15)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
public class ColdStartBenchmark {
    private JdkHttpStub stub;
    private AutoCloseable started;

    @Setup(Level.Trial)
    public void start() {
        stub = JdkHttpStub.start();
    }

    @TearDown(Level.Trial)
    public void stop() {
        Closing.all(started, stub);
    }

    @Benchmark
    public String ours() {
        CloudAi ai = CloudAi.create(OurSide.aws(stub.uri()).build());
        started = ai;
        return Answers.check("ours", ai.chatModel(OurSide.BEDROCK_MODEL).chat(ChatRequest.ofUser(OurSide.PROMPT)).text());
    }

    @Benchmark
    public String raw() {
        RawClients.Bedrock raw = RawClients.bedrock(stub.uri());
        started = raw;
        return Answers.check("raw", RawClients.text(raw.client().converse(RawClients.converseRequest(OurSide.PROMPT))));
    }
}
