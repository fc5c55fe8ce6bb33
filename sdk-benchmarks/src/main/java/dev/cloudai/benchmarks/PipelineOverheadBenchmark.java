package dev.cloudai.benchmarks;

import dev.cloudai.CloudAi;
import dev.cloudai.CloudAiConfig;
import dev.cloudai.config.ConfigKeys;
import dev.cloudai.config.RetrySettings;
import dev.cloudai.invocation.ChatModel;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.resilience.CallListener;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What our own code costs per call, with no network and no cloud SDK: building and validating a request, and one
 * chat through {@code CloudAi} (deadline, retry, circuit breaker, open-call tracking, listener events) to the
 * in-memory model of provider {@code bench} ({@link InMemoryProviderFactory}), side by side with the same model
 * called raw (the in-memory provider's own model, made by its factory, with no pipeline), blocking and async. Read
 * {@code gc.alloc.rate.norm} (bytes per call) with {@code -prof gc}: it is stable on a busy machine, the times are not.
 *
 * <pre>{@code
 * ./mvnw -q -Pbench -DskipTests verify -Djmh.args="PipelineOverheadBenchmark -f 1 -wi 3 -i 5 -prof gc"
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PipelineOverheadBenchmark {
    private static final String MODEL = "in-memory";
    private static final RetrySettings RETRY = RetrySettings.builder().maxAttempts(3)
            .initialBackoff(Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(10)).build();

    private CloudAi defaultsAi;
    private CloudAi noCircuitAi;
    private CloudAi listenedAi;
    private ChatRequest request;
    private ChatModel raw;
    private ChatModel defaults;
    private ChatModel noCircuit;
    private ChatModel withListener;

    @Setup
    public void setUp() {
        request = ChatRequest.builder().system("Answer in one sentence.").user("What is a TPU?").maxTokens(200).build();
        defaultsAi = CloudAi.create(config().build());
        noCircuitAi = CloudAi.create(config().property(ConfigKeys.CIRCUIT_ENABLED, "false").build());
        listenedAi = CloudAi.create(config().build(), new CallListener() {
        });
        // the same in-memory model the CloudAi instances wrap, made by its factory and called with nothing around it
        raw = new InMemoryProviderFactory().create(dev.cloudai.spi.ProviderConfig.of("bench", java.util.Map.of())).chatModel(MODEL);
        defaults = defaultsAi.chatModel(MODEL);
        noCircuit = noCircuitAi.chatModel(MODEL);
        withListener = listenedAi.chatModel(MODEL);
        // both sides answer the canned text, or the comparison means nothing
        for (ChatModel m : List.of(raw, defaults, noCircuit, withListener)) {
            String text = m.chat(request).text();
            if (!InMemoryProviderFactory.ANSWER.equals(text)) throw new IllegalStateException(m + " answered " + text);
            text = m.chatAsync(request).join().text();
            if (!InMemoryProviderFactory.ANSWER.equals(text)) throw new IllegalStateException(m + " answered " + text);
        }
    }

    private static CloudAiConfig.Builder config() {
        return CloudAiConfig.builder().provider(InMemoryProviderFactory.ID).retry(RETRY);
    }

    @TearDown
    public void tearDown() {
        Closing.all(defaultsAi, noCircuitAi, listenedAi);
    }

    /** A one-message request, as most callers build it. */
    @Benchmark
    public ChatRequest buildOneMessageRequest() {
        return ChatRequest.ofUser("What is a TPU?");
    }

    /** A multi-turn request with a system message and settings. */
    @Benchmark
    public ChatRequest buildMultiTurnRequest() {
        return ChatRequest.builder().system("Answer in one sentence.").user("What is a TPU?")
                .assistant("A Google accelerator for tensor math.").user("And Inferentia?")
                .maxTokens(200).temperature(0.2).topP(0.9).stopSequences(List.of("###")).build();
    }

    /** The raw model's blocking chat, no pipeline: the baseline of the blocking calls below. */
    @Benchmark
    public ChatResponse rawBlockingCall() {
        return raw.chat(request);
    }

    /** A blocking chat with the default settings (circuit breaker on) and no listener. */
    @Benchmark
    public ChatResponse blockingCallNoListener() {
        return defaults.chat(request);
    }

    /** A blocking chat with no circuit breaker, rate limit, bulkhead or listener: the pipeline's floor. */
    @Benchmark
    public ChatResponse blockingCallNoGuards() {
        return noCircuit.chat(request);
    }

    /** A blocking chat with one (empty) listener: the cost of the events. */
    @Benchmark
    public ChatResponse blockingCallWithListener() {
        return withListener.chat(request);
    }

    /** The raw model's async chat, no pipeline: the baseline of the async call below. */
    @Benchmark
    public ChatResponse rawAsyncCall() {
        return raw.chatAsync(request).join();
    }

    /** An async chat with the default settings and no listener; the answer is ready at once. */
    @Benchmark
    public ChatResponse asyncCallNoListener() {
        return defaults.chatAsync(request).join();
    }
}
