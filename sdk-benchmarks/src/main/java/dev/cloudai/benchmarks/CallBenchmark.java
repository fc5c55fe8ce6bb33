package dev.cloudai.benchmarks;

import dev.cloudai.CloudAi;
import dev.cloudai.CloudAiConfig;
import dev.cloudai.benchmarks.stub.Answers;
import dev.cloudai.invocation.ChatModel;
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
 * One blocking chat call through our SDK ({@link #ours()}) and the same call on the raw cloud SDK client
 * ({@link #raw()}), side by side, against a loopback stub that answers at once: the difference is our per-call
 * overhead. Sample time gives the percentiles (the README quotes p50); {@code -prof gc} adds
 * {@code gc.alloc.rate.norm}, the bytes allocated per call. Each side builds its request from the prompt and
 * reads the answer's text, as an application does.
 *
 * <p>A subclass per cloud starts the stub and the raw client; the trial's setup makes one call on each side and
 * fails unless both answer the stub's text, so a broken client is never timed. Allocations count every thread of
 * the JVM, the stub's included, alike on both sides: the difference between ours and raw is ours.
 *
 * <pre>
 * ./mvnw -q -Pbench -DskipTests verify -pl sdk-benchmarks -am -Djmh.args="CallBenchmark -prof gc"
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public abstract class CallBenchmark {
    private CloudAi ai;
    private ChatModel chat;

    /** Starts the stub and the raw client; returns our side's configuration, pointed at the stub. */
    protected abstract CloudAiConfig start();

    /** The model (or deployment) both sides call. */
    protected abstract String model();

    /** One call on the raw client: the answer's text. */
    protected abstract String rawChat(String prompt);

    /** Closes the raw client and the stub. */
    protected abstract void stop();

    @Setup(Level.Trial)
    public void setUp() {
        CloudAiConfig config = start();
        ai = CloudAi.create(config);
        chat = ai.chatModel(model());
        Answers.check(getClass().getSimpleName() + ".ours", ours());
        Answers.check(getClass().getSimpleName() + ".raw", raw());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        try {
            if (ai != null) ai.close();
        } finally {
            stop();
        }
    }

    @Benchmark
    public String ours() {
        return chat.chat(ChatRequest.ofUser(OurSide.PROMPT)).text();
    }

    @Benchmark
    public String raw() {
        return rawChat(OurSide.PROMPT);
    }
}
