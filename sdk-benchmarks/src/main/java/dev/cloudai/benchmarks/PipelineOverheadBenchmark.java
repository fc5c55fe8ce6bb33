package dev.cloudai.benchmarks;

import dev.cloudai.config.ResilienceSettings;
import dev.cloudai.config.RetrySettings;
import dev.cloudai.errors.UnclassifiedException;
import dev.cloudai.errors.ErrorInfo;
import dev.cloudai.internal.CallPipeline;
import dev.cloudai.internal.Listeners;
import dev.cloudai.internal.OpenCalls;
import dev.cloudai.internal.ResilientChatModel;
import dev.cloudai.internal.SystemTimer;
import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.ChatModel;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.invocation.FinishReason;
import dev.cloudai.invocation.TokenUsage;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * What our own code costs per call, with no network and no cloud SDK: building and validating a request, and one
 * chat through the call pipeline (deadline, retry, circuit breaker, open-call tracking, listener events) to an
 * in-memory model that answers at once. Read {@code gc.alloc.rate.norm} (bytes per call) with {@code -prof gc}:
 * it is stable on a busy machine, the times are not.
 *
 * <pre>{@code
 * ./mvnw -q -Pbench -DskipTests verify -Djmh.args="PipelineOverheadBenchmark -f 1 -wi 3 -i 5 -prof gc"
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PipelineOverheadBenchmark {
    private static final RetrySettings RETRY = RetrySettings.builder().maxAttempts(3)
            .initialBackoff(Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(10)).build();
    private static final ResilienceSettings NO_CIRCUIT = ResilienceSettings.builder().circuitBreaker(false).build();

    private SystemTimer timer;
    private ChatRequest request;
    private ChatModel defaults;
    private ChatModel noCircuit;
    private ChatModel withListener;

    @Setup
    public void setUp() {
        timer = new SystemTimer();
        request = ChatRequest.builder().system("Answer in one sentence.").user("What is a TPU?").maxTokens(200).build();
        defaults = model(ResilienceSettings.DEFAULTS, Listeners.NONE);
        noCircuit = model(NO_CIRCUIT, Listeners.NONE);
        withListener = model(ResilienceSettings.DEFAULTS, Listeners.of(List.of(new CallListener() {
        })));
    }

    @TearDown
    public void tearDown() {
        timer.close();
    }

    private ChatModel model(ResilienceSettings resilience, CallListener listener) {
        CallPipeline pipeline = new CallPipeline("bench", (operation, error) -> new UnclassifiedException(
                ErrorInfo.builder("bench", operation).build(), String.valueOf(error), false, error),
                RETRY, resilience, timer, new OpenCalls(), listener);
        return new ResilientChatModel(new InMemoryChatModel(), pipeline);
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

    /** An async chat with the default settings and no listener; the answer is ready at once. */
    @Benchmark
    public ChatResponse asyncCallNoListener() {
        return defaults.chatAsync(request).join();
    }

    /** Answers at once with the same response, so only the pipeline is measured. */
    private static final class InMemoryChatModel implements ChatModel {
        private final ChatResponse answer = ChatResponse.builder().text("A Google accelerator.")
                .usage(new TokenUsage(12, 5)).finishReason(FinishReason.STOP).provider("bench").model("in-memory").build();

        @Override
        public ChatResponse chat(ChatRequest request) {
            return answer;
        }

        @Override
        public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
            return CompletableFuture.completedFuture(answer);
        }

        @Override
        public Flow.Publisher<ChatChunk> stream(ChatRequest request) {
            throw new UnsupportedOperationException("not measured");
        }
    }
}
