package dev.cloudai.testkit.gcp;

import com.google.api.HttpBody;
import com.google.cloud.aiplatform.v1.GenerateContentRequest;
import com.google.cloud.aiplatform.v1.GenerateContentResponse;
import com.google.cloud.aiplatform.v1.RawPredictRequest;
import com.google.cloud.aiplatform.v1.StreamRawPredictRequest;
import com.google.protobuf.ByteString;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.Durations;
import com.google.rpc.RetryInfo;
import dev.cloudai.deployment.ServingProtocol;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.EmulatedServing;
import dev.cloudai.testkit.Fault;
import dev.cloudai.testkit.InFlightGauge;
import dev.cloudai.testkit.Canned;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.HandlerRegistry;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The gRPC server clients talk to. Every call is counted and journaled here, then:
 * <ol>
 *   <li>a pending injected status answers it, as given; else a pending injected fault (a gRPC status, or bytes no
 *       client can parse);</li>
 *   <li>otherwise a call to a publisher model the emulator does not serve gets Vertex's {@code NOT_FOUND}, and an
 *       embeddings Predict its vectors, both from {@link PublisherModels};</li>
 *   <li>otherwise a chat request Vertex would refuse gets its {@code INVALID_ARGUMENT} ({@link VertexChat});</li>
 *   <li>otherwise {@code StreamGenerateContent} is served here, chunk by chunk (WireMock's gRPC extension sends only
 *       one message per server stream): the chunks set by {@link #streamAnswer(List)}, else the canned stream for
 *       a plain request, else {@link VertexChat}'s answer computed from the request;</li>
 *   <li>otherwise {@code StreamRawPredict} is served here: on an endpoint with a deployed model, the answer of the
 *       model server it hosts ({@link EmulatedServing}, streamed; the canned invoke body for a body of no protocol)
 *       as {@code HttpBody} messages of at most {@value #PART_BYTES} bytes each, so that SSE events arrive split
 *       mid-event and across messages, as a real container's writes may; else {@code NOT_FOUND};</li>
 *   <li>otherwise a {@code GenerateContent} is answered here with the answer set by {@link #chatAnswer}, or, when
 *       it uses tools, media, JSON output or thinking, with {@link VertexChat}'s answer computed from it;</li>
 *   <li>otherwise the call is forwarded, bytes unchanged, to WireMock's gRPC extension, which answers from its stubs
 *       (plain chat included, so a WireMock stub can still replace the canned answer).</li>
 * </ol>
 * A {@link Fault.StreamCut} waits for the next {@code StreamGenerateContent} or {@code StreamRawPredict}: other calls
 * leave it pending. It stops a {@code StreamRawPredict} after the parts of its first SSE event (its first part when
 * the answer is not events), with {@code UNAVAILABLE}. A {@link Fault.ContainerError} is what Vertex relays from a
 * failing container: the gRPC status matching the container's HTTP status ({@link #statusForHttp}), with the
 * container's JSON error body as the description, written in the protocol the endpoint hosts or the request speaks
 * (OpenAI-compatible when neither says).
 * Methods are not declared one by one: a fallback registry accepts any method name and moves raw bytes, so the
 * front needs no generated stubs.
 *
 * <p>As strict as Google's front ends about concurrency: at most {@link #MAX_CALLS_PER_CONNECTION} calls run at once
 * on one connection, the HTTP/2 {@code SETTINGS_MAX_CONCURRENT_STREAMS} a client must respect (a gRPC client queues
 * the calls beyond it). No thread is held per call: a delayed answer waits on a timer, and the server's handlers run
 * on a small fixed pool, since none of them blocks. Every call is counted in flight ({@link InFlightGauge}) from its
 * arrival until its last message, its error, or its cancellation.
 */
final class GrpcFront implements AutoCloseable {
    static final String STREAM_GENERATE_CONTENT = "google.cloud.aiplatform.v1.PredictionService/StreamGenerateContent";
    static final String STREAM_RAW_PREDICT = "google.cloud.aiplatform.v1.PredictionService/StreamRawPredict";
    static final String RAW_PREDICT = "google.cloud.aiplatform.v1.PredictionService/RawPredict";
    /**
     * The most bytes one {@code StreamRawPredict} message carries: small, so that every SSE event of the emulated
     * servers spans several messages and a client must reassemble events from arbitrary splits.
     */
    static final int PART_BYTES = 7;

    /** A length-delimited field that claims 5 bytes and has 1: every protobuf parser rejects it. */
    private static final byte[] UNPARSEABLE = {0x0A, 0x05, 0x48};

    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    /**
     * Calls one connection carries at once: "Google middleware enforces a limit of 100 streams per connection"
     * (googleapis/google-cloud-java, docs/grpc_channel_pool_guide.md; also googleapis/sdk-platform-java issue 1594,
     * "the max rpc per channel is set to 100 on GFE").
     */
    static final int MAX_CALLS_PER_CONNECTION = 100;
    /** Handlers and forwarded calls only hand work on: a few threads serve any number of calls. */
    private static final int THREADS = 4;
    /** Calls forwarded to WireMock at once; see {@link #forwardInTurn(Runnable)}. */
    private static final int FORWARDS_AT_ONCE = 8;

    private final Server server;
    private final ManagedChannel wiremock;
    private final ScheduledExecutorService timer;
    private final ExecutorService executor;
    private final InFlightGauge inFlight;
    private final Semaphore forwardSlots = new Semaphore(FORWARDS_AT_ONCE);
    private final Queue<Runnable> waitingForwards = new ConcurrentLinkedQueue<>();
    private final Map<String, ServerMethodDefinition<byte[], byte[]>> methods = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final List<RecordedCall> journal = new ArrayList<>();          // guarded by this
    private final List<Pending<Fault>> faults = new ArrayList<>();         // guarded by this; newest last
    private final List<Pending<com.google.rpc.Status>> statuses = new ArrayList<>();   // guarded by this; newest last
    private final List<Pending<Duration>> delays = new ArrayList<>();      // guarded by this; newest last
    private final List<Pending<Integer>> cuts = new ArrayList<>();         // guarded by this; newest last
    private final List<Pending<Fault>> streamCuts = new ArrayList<>();     // guarded by this; newest last
    private final PublisherModels publisherModels;
    private final VertexEndpointState endpoints;
    private volatile List<GenerateContentResponse> streamAnswer;
    private volatile boolean streamAnswerSet;
    private volatile GenerateContentResponse chatAnswer;

    GrpcFront(int wiremockPort, List<GenerateContentResponse> streamAnswer, PublisherModels publisherModels,
              VertexEndpointState endpoints, InFlightGauge inFlight) {
        this.streamAnswer = List.copyOf(streamAnswer);
        this.endpoints = endpoints;
        this.publisherModels = publisherModels;
        this.inFlight = inFlight;
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("gcp-emulator-timer"));
        this.executor = Executors.newFixedThreadPool(THREADS, daemon("gcp-emulator"));
        this.wiremock = ManagedChannelBuilder.forAddress("127.0.0.1", wiremockPort).usePlaintext().executor(executor).build();
        HandlerRegistry any = new HandlerRegistry() {
            @Override
            public ServerMethodDefinition<?, ?> lookupMethod(String methodName, String authority) {
                return methods.computeIfAbsent(methodName, GrpcFront.this::definition);
            }
        };
        try {
            this.server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .maxConcurrentCallsPerConnection(MAX_CALLS_PER_CONNECTION)
                    .executor(executor)
                    .fallbackHandlerRegistry(any).build().start();
        } catch (IOException e) {
            wiremock.shutdownNow();
            timer.shutdownNow();
            executor.shutdownNow();
            throw new UncheckedIOException("could not start the Vertex AI emulator's gRPC server", e);
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    int port() {
        return server.getPort();
    }

    int callCount() {
        return calls.get();
    }

    synchronized List<RecordedCall> journal() {
        return List.copyOf(journal);
    }

    synchronized void reset(List<GenerateContentResponse> defaultStream) {
        calls.set(0);
        journal.clear();
        faults.clear();
        statuses.clear();
        delays.clear();
        cuts.clear();
        streamCuts.clear();
        streamAnswer = List.copyOf(defaultStream);
        streamAnswerSet = false;
        chatAnswer = null;
    }

    void streamAnswer(List<GenerateContentResponse> chunks) {
        streamAnswer = List.copyOf(chunks);
        streamAnswerSet = true;
    }

    void chatAnswer(GenerateContentResponse answer) {
        chatAnswer = answer;
    }

    synchronized void inject(Fault fault, int times) {
        if (fault instanceof Fault.SlowResponse slow) delays.add(new Pending<>(slow.delay(), times));
        else if (fault instanceof Fault.StreamCut) streamCuts.add(new Pending<>(fault, times));
        else faults.add(new Pending<>(fault, times));
    }

    synchronized void injectStatus(com.google.rpc.Status status, int times) {
        statuses.add(new Pending<>(status, times));
    }

    synchronized void cutStreams(int afterChunks, int times) {
        cuts.add(new Pending<>(afterChunks, times));
    }

    private ServerMethodDefinition<byte[], byte[]> definition(String methodName) {
        MethodDescriptor<byte[], byte[]> method = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.SERVER_STREAMING)
                .setFullMethodName(methodName)
                .setRequestMarshaller(BYTES)
                .setResponseMarshaller(BYTES)
                .build();
        // every Vertex method we serve takes one request; a server-streaming handler also answers unary calls
        return ServerMethodDefinition.create(method, ServerCalls.asyncServerStreamingCall(
                (request, out) -> handle(methodName, request, (ServerCallStreamObserver<byte[]>) out)));
    }

    private void handle(String method, byte[] request, ServerCallStreamObserver<byte[]> call) {
        ServerCallStreamObserver<byte[]> out = new Counted(call, inFlight);
        Fault fault;
        com.google.rpc.Status status;
        Duration delay;
        Integer pickedCut;
        boolean pickedEventCut = false;
        synchronized (this) {
            calls.incrementAndGet();
            journal.add(new RecordedCall(method, request));
            status = take(statuses);
            fault = status == null ? take(faults) : null;
            delay = take(delays);
            boolean streams = STREAM_GENERATE_CONTENT.equals(method) || STREAM_RAW_PREDICT.equals(method);
            pickedCut = streams ? take(cuts) : null;
            // a stream cut stops a chat stream after its first chunk: inside the tool call answer when it has one;
            // an endpoint's stream after its first event
            if (pickedCut == null && streams && take(streamCuts) != null) {
                if (STREAM_RAW_PREDICT.equals(method)) pickedEventCut = true;
                else pickedCut = 1;
            }
        }
        Integer cut = pickedCut;
        boolean eventCut = pickedEventCut;
        // gRPC accepts a cancel handler only while the handler runs, not later on the timer thread
        AtomicReference<ClientCall<byte[], byte[]>> forwarded = new AtomicReference<>();
        out.setOnCancelHandler(() -> {
            ClientCall<byte[], byte[]> f = forwarded.get();
            if (f != null) f.cancel("the client cancelled", null);
        });
        Runnable answer = () -> {
            if (out.isCancelled()) return;
            try {
                StatusRuntimeException unknownModel;
                byte[] embeddings;
                GenerateContentRequest chat;
                if (status != null) {
                    out.onError(StatusProto.toStatusRuntimeException(status));
                } else if (fault != null) {
                    answerWith(fault, method, request, out);
                } else if ((unknownModel = publisherModels.unknownModel(method, request)) != null) {
                    out.onError(unknownModel);
                } else if ((embeddings = publisherModels.embeddings(method, request)) != null) {
                    out.onNext(embeddings);
                    out.onCompleted();
                } else if (isChat(method) && (chat = parseChat(request)) != null) {
                    answerChat(method, chat, request, out, cut, forwarded);
                } else if (STREAM_GENERATE_CONTENT.equals(method)) {
                    stream(out, streamAnswer, cut);
                } else if (STREAM_RAW_PREDICT.equals(method)) {
                    streamRaw(request, out, cut, eventCut);
                } else {
                    forwardInTurn(() -> forward(method, request, out, forwarded));
                }
            } catch (RuntimeException e) {
                out.onError(Status.INTERNAL.withDescription("the emulator failed: " + e).asRuntimeException());
            }
        };
        if (delay == null) answer.run();
        else timer.schedule(answer, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static boolean isChat(String method) {
        return STREAM_GENERATE_CONTENT.equals(method) || GcpCloud.GENERATE_CONTENT.equals(method);
    }

    /** The chat request, or null when the bytes are not one (WireMock then answers as it would). */
    private static GenerateContentRequest parseChat(byte[] request) {
        try {
            return GenerateContentRequest.parseFrom(request);
        } catch (InvalidProtocolBufferException e) {
            return null;
        }
    }

    /** Vertex's refusal, the answer set for every call, the canned answer, or the one computed from the request. */
    private void answerChat(String method, GenerateContentRequest chat, byte[] request, ServerCallStreamObserver<byte[]> out,
                            Integer cut, AtomicReference<ClientCall<byte[], byte[]>> forwarded) {
        StatusRuntimeException refusal = VertexChat.refusal(chat);
        if (refusal != null) {
            out.onError(refusal);
        } else if (STREAM_GENERATE_CONTENT.equals(method)) {
            stream(out, streamAnswerSet || VertexChat.isPlain(chat) ? streamAnswer
                    : VertexChat.stream(VertexChat.answer(chat)), cut);
        } else if (chatAnswer != null || !VertexChat.isPlain(chat)) {
            GenerateContentResponse answer = chatAnswer;
            out.onNext((answer != null ? answer : VertexChat.unary(VertexChat.answer(chat))).toByteArray());
            out.onCompleted();
        } else {
            forwardInTurn(() -> forward(method, request, out, forwarded));
        }
    }

    private void stream(ServerCallStreamObserver<byte[]> out, List<GenerateContentResponse> chunks, Integer cutAfter) {
        for (int i = 0; i < chunks.size(); i++) {
            if (out.isCancelled()) return;
            if (cutAfter != null && i == cutAfter) {
                out.onError(Status.UNAVAILABLE.withDescription("Connection reset by peer: the stream was cut after "
                        + cutAfter + " chunks").asRuntimeException());
                return;
            }
            out.onNext(chunks.get(i).toByteArray());
        }
        out.onCompleted();
    }

    /** A StreamRawPredict: the hosted server's streamed answer in parts of {@link #PART_BYTES}, or NOT_FOUND. */
    private void streamRaw(byte[] bytes, ServerCallStreamObserver<byte[]> out, Integer cutAfterParts, boolean cutAfterFirstEvent) {
        StreamRawPredictRequest request;
        try {
            request = StreamRawPredictRequest.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            out.onError(Status.INVALID_ARGUMENT.withDescription("The request could not be read.").asRuntimeException());
            return;
        }
        Optional<Optional<ServingProtocol>> serving = endpoints.serving(request.getEndpoint());
        if (serving.isEmpty()) {
            out.onError(Status.NOT_FOUND.withDescription(VertexEndpointState.notFoundMessage(request.getEndpoint())).asRuntimeException());
            return;
        }
        Optional<EmulatedServing.Answer> answer = EmulatedServing.answer(request.getHttpBody().getData().toByteArray(),
                serving.get(), true);
        String contentType = answer.map(EmulatedServing.Answer::contentType).orElse("application/json");
        byte[] body = answer.map(EmulatedServing.Answer::body).orElse(Canned.INVOKE_RESPONSE_BODY.getBytes(StandardCharsets.UTF_8));
        List<byte[]> parts;
        Integer cut = cutAfterParts;
        if (cutAfterFirstEvent) {
            boolean events = answer.isPresent() && answer.get().streamed();
            parts = split(events ? answer.get().events().get(0).getBytes(StandardCharsets.UTF_8) : body);
            if (!events) parts = parts.subList(0, 1);
            cut = parts.size();
        } else {
            parts = split(body);
        }
        for (int i = 0; i < parts.size(); i++) {
            if (out.isCancelled()) return;
            if (cut != null && i == cut) break;
            out.onNext(HttpBody.newBuilder().setContentType(contentType).setData(ByteString.copyFrom(parts.get(i))).build().toByteArray());
        }
        if (out.isCancelled()) return;
        if (cut != null) {
            out.onError(Status.UNAVAILABLE.withDescription("Connection reset by peer: the stream was cut after "
                    + Math.min(cut, parts.size()) + " parts").asRuntimeException());
        } else {
            out.onCompleted();
        }
    }

    /** {@code bytes} in pieces of {@link #PART_BYTES}, split wherever that falls (inside an event, a UTF-8 character). */
    private static List<byte[]> split(byte[] bytes) {
        List<byte[]> parts = new ArrayList<>();
        for (int from = 0; from < bytes.length; from += PART_BYTES) {
            parts.add(Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + PART_BYTES)));
        }
        return parts;
    }

    /**
     * Runs {@code forward} now if fewer than {@link #FORWARDS_AT_ONCE} forwarded calls are open, else when one ends.
     * WireMock's gRPC extension starts a thread for each call it holds at once (grpc-servlet's cached executor): 300
     * delayed answers, forwarded together when their delay ended, made it start 121 threads. WireMock answers in
     * about a millisecond, so the queue costs little, and the calls stay counted in flight until answered.
     */
    private void forwardInTurn(Runnable forward) {
        waitingForwards.add(forward);
        startWaitingForwards();
    }

    private void startWaitingForwards() {
        while (!waitingForwards.isEmpty() && forwardSlots.tryAcquire()) {
            Runnable next = waitingForwards.poll();
            if (next == null) {
                forwardSlots.release();   // another thread took the last one meanwhile
            } else {
                next.run();
            }
        }
    }

    private void forwardEnded() {
        forwardSlots.release();
        startWaitingForwards();
    }

    /** Forwards the call to WireMock; {@link #forwardEnded()} follows when it ends, however it ends. */
    private void forward(String method, byte[] request, ServerCallStreamObserver<byte[]> out,
                         AtomicReference<ClientCall<byte[], byte[]>> forwarded) {
        if (out.isCancelled()) {
            forwardEnded();
            return;
        }
        MethodDescriptor<byte[], byte[]> unary = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(method)
                .setRequestMarshaller(BYTES)
                .setResponseMarshaller(BYTES)
                .build();
        ClientCall<byte[], byte[]> call = wiremock.newCall(unary, CallOptions.DEFAULT);
        forwarded.set(call);
        ClientCalls.asyncUnaryCall(call, request, new StreamObserver<>() {
            @Override
            public void onNext(byte[] value) {
                if (!out.isCancelled()) out.onNext(value);
            }

            @Override
            public void onError(Throwable t) {
                forwardEnded();
                // pass the stub's status on, without the transport's own trailers
                Status status = Status.fromThrowable(t);
                if (!out.isCancelled()) out.onError(status.asRuntimeException());
            }

            @Override
            public void onCompleted() {
                forwardEnded();
                if (!out.isCancelled()) out.onCompleted();
            }
        });
    }


    /**
     * Vertex AI's answer to each neutral fault. gRPC has no HTTP status: a throttle is {@code RESOURCE_EXHAUSTED}
     * with a {@code google.rpc.RetryInfo} detail when a delay is given (AIP-193), a 5xx is {@code INTERNAL},
     * {@code UNAVAILABLE} or {@code DEADLINE_EXCEEDED}, and a reset connection reaches a client as {@code UNAVAILABLE}.
     */
    private void answerWith(Fault fault, String method, byte[] request, ServerCallStreamObserver<byte[]> out) {
        if (fault instanceof Fault.MalformedBody) {
            out.onNext(UNPARSEABLE);
            out.onCompleted();
            return;
        }
        if (fault instanceof Fault.ContainerError error) {
            String body = EmulatedServing.errorBody(containerProtocol(method, request), error.status(), error.message());
            out.onError(statusForHttp(error.status()).withDescription(body).asRuntimeException());
            return;
        }
        out.onError(statusFor(fault));
    }

    /** The protocol a failing container writes its error in: the one its endpoint hosts, else the request's. */
    private ServingProtocol containerProtocol(String method, byte[] request) {
        String endpoint = null;
        byte[] body = null;
        try {
            if (RAW_PREDICT.equals(method)) {
                RawPredictRequest raw = RawPredictRequest.parseFrom(request);
                endpoint = raw.getEndpoint();
                body = raw.getHttpBody().getData().toByteArray();
            } else if (STREAM_RAW_PREDICT.equals(method)) {
                StreamRawPredictRequest raw = StreamRawPredictRequest.parseFrom(request);
                endpoint = raw.getEndpoint();
                body = raw.getHttpBody().getData().toByteArray();
            }
        } catch (InvalidProtocolBufferException notOne) {
            // no endpoint call: no protocol to tell
        }
        Optional<ServingProtocol> hosted = endpoint == null ? Optional.empty() : endpoints.serving(endpoint).flatMap(p -> p);
        if (hosted.isPresent()) return hosted.get();
        return (body == null ? Optional.<ServingProtocol>empty() : EmulatedServing.sniff(body)).orElse(ServingProtocol.OPENAI_CHAT);
    }

    /**
     * The gRPC status Google's front ends give for an HTTP status (the mapping in {@code google/rpc/code.proto}):
     * how Vertex relays a container's error status.
     */
    static Status statusForHttp(int status) {
        return switch (status) {
            case 400, 422 -> Status.INVALID_ARGUMENT;
            case 401 -> Status.UNAUTHENTICATED;
            case 403 -> Status.PERMISSION_DENIED;
            case 404 -> Status.NOT_FOUND;
            case 409 -> Status.ABORTED;
            case 429 -> Status.RESOURCE_EXHAUSTED;
            case 499 -> Status.CANCELLED;
            case 501 -> Status.UNIMPLEMENTED;
            case 502, 503 -> Status.UNAVAILABLE;
            case 504 -> Status.DEADLINE_EXCEEDED;
            default -> status >= 500 ? Status.INTERNAL : Status.FAILED_PRECONDITION;
        };
    }

    static StatusRuntimeException statusFor(Fault fault) {
        if (fault instanceof Fault.Throttle throttle) {
            String message = "Resource exhausted. Please try again later.";
            if (throttle.retryAfter().isEmpty()) return Status.RESOURCE_EXHAUSTED.withDescription(message).asRuntimeException();
            com.google.rpc.Status details = com.google.rpc.Status.newBuilder()
                    .setCode(Status.Code.RESOURCE_EXHAUSTED.value())
                    .setMessage(message)
                    .addDetails(Any.pack(RetryInfo.newBuilder()
                            .setRetryDelay(Durations.fromMillis(throttle.retryAfter().get().toMillis())).build()))
                    .build();
            return StatusProto.toStatusRuntimeException(details);
        }
        if (fault instanceof Fault.ServerError error) {
            return switch (error.status()) {
                case 500 -> Status.INTERNAL.withDescription("Internal error encountered.").asRuntimeException();
                case 504 -> Status.DEADLINE_EXCEEDED.withDescription("Deadline expired before operation could complete.").asRuntimeException();
                default -> Status.UNAVAILABLE.withDescription("The service is currently unavailable.").asRuntimeException();
            };
        }
        if (fault instanceof Fault.InvalidRequest invalid) {
            return Status.INVALID_ARGUMENT.withDescription(invalid.message()).asRuntimeException();
        }
        if (fault instanceof Fault.Unauthorized) {
            return Status.UNAUTHENTICATED.withDescription("Request had invalid authentication credentials. Expected OAuth 2"
                    + " access token, login cookie or other valid authentication credential.").asRuntimeException();
        }
        if (fault instanceof Fault.NotFound) {
            return Status.NOT_FOUND.withDescription("Publisher Model was not found or your project does not have access"
                    + " to it.").asRuntimeException();
        }
        if (fault instanceof Fault.ConnectionReset) {
            return Status.UNAVAILABLE.withDescription("Connection reset by peer").asRuntimeException();
        }
        throw new IllegalArgumentException("fault: " + fault + " is not a fault the Vertex AI emulator knows");
    }

    private static <T> T take(List<Pending<T>> pending) {
        if (pending.isEmpty()) return null;
        int last = pending.size() - 1;
        Pending<T> p = pending.get(last);
        if (p.remaining != EmulatedCloud.ALWAYS && --p.remaining == 0) pending.remove(last);
        return p.value;
    }

    @Override
    public void close() {
        server.shutdownNow();
        wiremock.shutdownNow();
        timer.shutdownNow();
        executor.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
            wiremock.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A call's answer, counted in flight until it ends: its completion, an error, or the client's cancel. Every
     * method passes on; only the end is noticed, once.
     */
    private static final class Counted extends ServerCallStreamObserver<byte[]> {
        private final ServerCallStreamObserver<byte[]> call;
        private final InFlightGauge gauge;
        private final AtomicBoolean ended = new AtomicBoolean();

        Counted(ServerCallStreamObserver<byte[]> call, InFlightGauge gauge) {
            this.call = call;
            this.gauge = gauge;
            gauge.enter();
        }

        private void end() {
            if (ended.compareAndSet(false, true)) gauge.exit();
        }

        @Override
        public void onNext(byte[] value) {
            call.onNext(value);
        }

        // counted out before the call ends, never after: a client that saw it end may already have started another

        @Override
        public void onError(Throwable t) {
            end();
            call.onError(t);
        }

        @Override
        public void onCompleted() {
            end();
            call.onCompleted();
        }

        @Override
        public boolean isCancelled() {
            return call.isCancelled();
        }

        @Override
        public void setOnCancelHandler(Runnable onCancel) {
            call.setOnCancelHandler(() -> {
                try {
                    onCancel.run();
                } finally {
                    end();
                }
            });
        }

        @Override
        public void setCompression(String compression) {
            call.setCompression(compression);
        }

        @Override
        public boolean isReady() {
            return call.isReady();
        }

        @Override
        public void setOnReadyHandler(Runnable onReady) {
            call.setOnReadyHandler(onReady);
        }

        @Override
        public void request(int count) {
            call.request(count);
        }

        @Override
        public void setMessageCompression(boolean enable) {
            call.setMessageCompression(enable);
        }

        @Override
        public void disableAutoInboundFlowControl() {
            call.disableAutoInboundFlowControl();
        }
    }

    private static final class Pending<T> {
        final T value;
        int remaining;

        Pending(T value, int remaining) {
            this.value = value;
            this.remaining = remaining;
        }
    }
}
