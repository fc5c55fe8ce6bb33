package dev.cloudai.testkit.gcp;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.google.cloud.aiplatform.v1.GenerateContentResponse;
import dev.cloudai.testkit.CountsInFlight;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.Fault;
import dev.cloudai.testkit.InFlightGauge;
import dev.cloudai.testkit.SampleModels;
import dev.cloudai.testkit.ServedModels;
import dev.cloudai.testkit.RequiredLibrary;
import org.wiremock.grpc.GrpcExtensionFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The Vertex AI emulator: provider {@code gcp} over gRPC, the way {@code google-cloud-aiplatform} talks to Vertex.
 *
 * <p>Two servers work together. Clients talk to a grpc-java server (the port in {@link #properties()}), which counts
 * and journals every call, applies injected faults as gRPC statuses, answers calls to publisher models it does not
 * serve ({@link #models()}) with Vertex's {@code NOT_FOUND} and embeddings with
 * {@link dev.cloudai.testkit.EmulatedEmbeddings}' vectors ({@code PublisherModels}), serves
 * {@code StreamGenerateContent} chunk by chunk, answers chat that uses tools, images, documents, JSON output or
 * thinking by the {@link dev.cloudai.testkit.EmulatedChat} rules computed from each request (refusing what Vertex
 * refuses with its {@code INVALID_ARGUMENT}), and forwards every other call to a WireMock server with the gRPC
 * extension, whose stubs ({@code VertexStubs}) answer unary calls (plain chat with the canned answer) and, from the
 * endpoints and models it keeps ({@code VertexEndpointState}: display names and machine specs as deployed),
 * long-running operations, in JSON. WireMock's extension alone sends one message per server stream
 * (wiremock-grpc-extension issue 55), hence the front server.
 *
 * <pre>{@code
 * try (CloudEmulator emulator = CloudEmulator.start(new GcpCloud().serveModels("gemini-2.5-flash"))) {
 *     GcpCloud vertex = emulator.cloud("gcp", GcpCloud.class);
 *     vertex.properties();      // cloudai.gcp.endpoint=http://127.0.0.1:PORT, cloudai.gcp.project, cloudai.gcp.location,
 *                               // cloudai.gcp.storage-endpoint and cloudai.gcp.batch-bucket (batch input and output)
 *     vertex.inject(Fault.throttle(Duration.ofMillis(20)), 1);   // RESOURCE_EXHAUSTED with a RetryInfo of 20 ms
 *     vertex.cutStreams(1, 1);  // the next stream sends one chunk, then fails with UNAVAILABLE
 *     vertex.inject(Fault.streamCut(), 1);   // the same, before the function calls of a tool call answer
 *     vertex.injectStatus(status, 1);   // the next call fails with exactly this google.rpc.Status, details included
 *     vertex.calls();           // what was sent: method names and request messages
 *     vertex.server();          // the WireMock server: add stubs, or verify the unary calls it answered
 *     vertex.billingCatalog();  // the Cloud Billing Catalog (ListServices, ListSkus) a catalog refresh reads prices from
 * }
 * }</pre>
 *
 * <p>Faults: a throttle is {@code RESOURCE_EXHAUSTED} (with a {@code google.rpc.RetryInfo} detail when it carries a
 * delay), a server error {@code INTERNAL} (500), {@code DEADLINE_EXCEEDED} (504) or {@code UNAVAILABLE} (others), an
 * invalid request {@code INVALID_ARGUMENT}, rejected credentials {@code UNAUTHENTICATED}, a missing model
 * {@code NOT_FOUND}, a reset connection {@code UNAVAILABLE}, a malformed body a message no client can parse, and a
 * slow response the normal answer later, and a container error ({@link Fault.ContainerError}) the gRPC status of the
 * container's HTTP status with the container's JSON error body as its description. gRPC errors carry no HTTP status
 * and, here as on Vertex, no request id.
 *
 * <p>Deployed endpoints host model servers: RawPredict and StreamRawPredict answer a body that speaks a serving
 * protocol as that server would ({@link dev.cloudai.testkit.EmulatedServing}; {@link #hostProtocol} fixes the
 * protocol), StreamRawPredict in {@code HttpBody} messages of at most 7 bytes, so SSE events arrive split mid-event.
 *
 * <p>Concurrency: a slow answer waits on a timer, not on a thread, so the emulator holds any number of calls at once
 * and counts them ({@link CountsInFlight}); like Google's front ends, it runs at most 100 calls at once on one
 * connection (HTTP/2 {@code MAX_CONCURRENT_STREAMS}), so a client needs several connections to have more in flight.
 */
public final class GcpCloud implements EmulatedCloud, CountsInFlight {
    /** The project id {@link #properties()} configures. */
    public static final String PROJECT = "emulator-project";
    /** The location {@link #properties()} configures. */
    public static final String LOCATION = "us-central1";
    /** The machine type the GCP contract tests deploy on (one NVIDIA L4). */
    public static final String MACHINE_TYPE = "g2-standard-8";
    /** The resource name of the first endpoint created after start or {@link #reset()}; later ones count up. */
    public static final String ENDPOINT = "projects/" + PROJECT + "/locations/" + LOCATION + "/endpoints/"
            + VertexEndpointState.FIRST_ENDPOINT;
    /** The resource name of the first model uploaded after start or {@link #reset()}; later ones count up. */
    public static final String MODEL = "projects/" + PROJECT + "/locations/" + LOCATION + "/models/" + VertexEndpointState.FIRST_MODEL;
    /** Tokens the emulator counts for each embedded text. */
    public static final int EMBEDDING_TOKENS_PER_INPUT = VertexStubs.EMBEDDING_TOKENS_PER_INPUT;

    /** Full gRPC method names, for {@link #calls(String)}. */
    public static final String GENERATE_CONTENT = VertexStubs.PREDICTION + "/GenerateContent";
    public static final String STREAM_GENERATE_CONTENT = GrpcFront.STREAM_GENERATE_CONTENT;
    public static final String PREDICT = VertexStubs.PREDICTION + "/Predict";
    public static final String RAW_PREDICT = GrpcFront.RAW_PREDICT;
    public static final String STREAM_RAW_PREDICT = GrpcFront.STREAM_RAW_PREDICT;
    public static final String LIST_ENDPOINTS = VertexStubs.ENDPOINTS + "/ListEndpoints";
    public static final String GET_ENDPOINT = VertexStubs.ENDPOINTS + "/GetEndpoint";
    public static final String CREATE_ENDPOINT = VertexStubs.ENDPOINTS + "/CreateEndpoint";
    public static final String DEPLOY_MODEL = VertexStubs.ENDPOINTS + "/DeployModel";
    public static final String UNDEPLOY_MODEL = VertexStubs.ENDPOINTS + "/UndeployModel";
    public static final String DELETE_ENDPOINT = VertexStubs.ENDPOINTS + "/DeleteEndpoint";
    public static final String UPLOAD_MODEL = VertexStubs.MODELS + "/UploadModel";
    public static final String LIST_MODELS = VertexStubs.MODELS + "/ListModels";
    public static final String DELETE_MODEL = VertexStubs.MODELS + "/DeleteModel";
    public static final String GET_OPERATION = VertexStubs.OPERATIONS + "/GetOperation";
    public static final String LIST_OPERATIONS = VertexStubs.OPERATIONS + "/ListOperations";
    /** The Cloud Billing Catalog's methods ({@link #billingCatalog()}). */
    public static final String LIST_SERVICES = BillingCatalog.SERVICE + "/ListServices";
    public static final String LIST_SKUS = BillingCatalog.SERVICE + "/ListSkus";
    public static final String CREATE_BATCH_JOB = VertexBatchState.SERVICE + "/CreateBatchPredictionJob";
    public static final String GET_BATCH_JOB = VertexBatchState.SERVICE + "/GetBatchPredictionJob";
    public static final String LIST_BATCH_JOBS = VertexBatchState.SERVICE + "/ListBatchPredictionJobs";
    public static final String CANCEL_BATCH_JOB = VertexBatchState.SERVICE + "/CancelBatchPredictionJob";
    /** The bucket {@link #properties()} names for batch input and output; the only one the emulator's Cloud Storage has. */
    public static final String BATCH_BUCKET = "emulator-batches";
    /** A batch line whose user text contains this fails, with the others succeeding. */
    public static final String FAIL_BATCH_ITEM = VertexBatchState.FAIL_ITEM;

    /** The Vertex AI messages and services; sdk-testkit declares it optional. */
    static final RequiredLibrary AIPLATFORM = new RequiredLibrary("com.google.cloud", "google-cloud-aiplatform",
            "com.google.cloud.aiplatform.v1.GenerateContentResponse", "dev.cloudai:sdk-gcp brings it");
    /** WireMock's gRPC extension, which answers the unary calls; sdk-testkit declares it optional. */
    static final RequiredLibrary GRPC_EXTENSION = new RequiredLibrary("org.wiremock", "wiremock-grpc-extension",
            "org.wiremock.grpc.GrpcExtensionFactory", "test scope is enough");
    /** The Cloud Billing Catalog messages, for {@link #billingCatalog()} only; sdk-testkit declares it optional. */
    static final RequiredLibrary BILLING = new RequiredLibrary("com.google.cloud", "google-cloud-billing",
            BillingCatalog.PROBE_CLASS, "dev.cloudai:sdk-gcp brings it");

    private final Object lock = new Object();
    private final ServedModels models = new ServedModels(SampleModels.servedBy("gcp"));
    private final VertexEndpointState endpoints = new VertexEndpointState();
    private final BillingCatalog billing = new BillingCatalog();
    private final boolean billingServed = BillingCatalog.available(GcpCloud.class.getClassLoader());
    private final CloudStorageState storage = new CloudStorageState();
    private final VertexBatchState batches = new VertexBatchState(storage, models::all);
    private final InFlightGauge inFlight = new InFlightGauge();
    private volatile WireMockServer wiremock;
    private volatile GrpcFront front;
    private Path root;

    @Override
    public String id() {
        return "gcp";
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException naming the artifacts when google-cloud-aiplatform or wiremock-grpc-extension is
     *                               not on the classpath
     */
    @Override
    public void start() {
        RequiredLibrary.requireAll(GcpCloud.class, AIPLATFORM, GRPC_EXTENSION);
        synchronized (lock) {
            if (front != null) throw new IllegalStateException("the gcp emulator is running already at port " + front.port());
            Path dir = null;
            WireMockServer wm = null;
            try {
                dir = Files.createTempDirectory("cloudai-gcp-emulator");
                DescriptorSet.writeTo(dir, billingServed);
                wm = new WireMockServer(WireMockConfiguration.options()
                        .dynamicPort()
                        .bindAddress("127.0.0.1")
                        .withRootDirectory(dir.toString())
                        .jettyStopTimeout(0L)
                        .extensions(new GrpcExtensionFactory())
                        .extensions(endpoints)
                        .extensions(billing, storage, batches));
                wm.start();
                endpoints.reset();
                resetBatches();
                VertexStubs.register(wm);
                registerBilling(wm);
                registerBatches(wm);
                front = new GrpcFront(wm.port(), VertexStubs.cannedStream(), new PublisherModels(models), endpoints, inFlight);
                wiremock = wm;
                root = dir;
            } catch (IOException e) {
                cleanUp(wm, dir);
                throw new UncheckedIOException("could not start the gcp emulator", e);
            } catch (RuntimeException | Error e) {
                cleanUp(wm, dir);
                throw e;
            }
        }
    }

    private void resetBatches() {
        storage.reset();
        storage.createBucket(BATCH_BUCKET);
        batches.reset();
    }

    private static void registerBatches(WireMockServer wm) {
        CloudStorageState.register(wm);
        VertexBatchState.register(wm);
    }

    /** The next {@code times} GetBatchPredictionJob calls fail with RESOURCE_EXHAUSTED (a throttled poll). */
    public void throttleBatchPolls(int times) {
        checkTimes(times);
        server();
        batches.throttleGets(times);
    }

    /** The batch lines of these custom ids fail as invalid requests (status INVALID_ARGUMENT) with {@code message}. */
    @Override
    public void failBatchItems(String message, String... customIds) {
        java.util.Objects.requireNonNull(message, "message");
        server();
        for (String id : customIds) batches.failKey(java.util.Objects.requireNonNull(id, "customIds"), message);
    }

    /**
     * Gemini batch output lines leave out the {@code key} their input line carried, and come in reverse order, until
     * {@link #reset()}: the output if Vertex kept only the {@code request} of each input line, which the SDK must
     * still match to the custom ids.
     */
    public void dropBatchKeys() {
        server();
        batches.dropKeys();
    }

    /** The next batch job that would finish expires instead (JOB_STATE_EXPIRED, with an error and no output). */
    public void expireNextBatchJob() {
        server();
        batches.expireNextJob();
    }

    /** The content of a Cloud Storage object in the emulator, or null; for tests of the upload and the output. */
    public byte[] storedObject(String bucket, String name) {
        server();
        return storage.read(bucket, name);
    }

    /** The emulator's Cloud Storage objects as "bucket/name", in name order. */
    public List<String> storedObjects() {
        server();
        return storage.objectNames();
    }

    @Override
    public boolean isRunning() {
        return front != null;
    }

    @Override
    public Map<String, String> properties() {
        return Map.of("cloudai.gcp.endpoint", "http://127.0.0.1:" + front().port(),
                "cloudai.gcp.storage-endpoint", "http://127.0.0.1:" + server().port(),
                "cloudai.gcp.batch-bucket", "gs://" + BATCH_BUCKET + "/batches",
                "cloudai.gcp.project", PROJECT,
                "cloudai.gcp.location", LOCATION);
    }

    /** Every call counts, faulted or not, stream or unary. */
    @Override
    public int requestCount() {
        return front().callCount();
    }

    @Override
    public void reset() {
        synchronized (lock) {
            WireMockServer wm = server();
            inFlight.resetMax();
            wm.resetAll();
            endpoints.reset();
            resetBatches();
            VertexStubs.register(wm);
            registerBilling(wm);
            registerBatches(wm);
            front().reset(VertexStubs.cannedStream());
        }
    }

    @Override
    public int inFlight() {
        front();   // fails when not running
        return inFlight.current();
    }

    /** The most calls in flight at once since start or the last {@link #reset()}, streams included. */
    @Override
    public int maxInFlight() {
        front();
        return inFlight.max();
    }

    @Override
    public void inject(Fault fault, int times) {
        Objects.requireNonNull(fault, "fault");
        checkTimes(times);
        front().inject(fault, times);
    }

    /** The publisher model ids this emulator answers: {@link SampleModels#servedBy(String)} and those added. */
    @Override
    public Set<String> models() {
        return models.all();
    }

    /** Adds publisher model ids (for example {@code gemini-2.5-flash}) this emulator answers; kept across {@link #reset()}. */
    @Override
    public GcpCloud serveModels(String... modelIds) {
        models.add(modelIds);
        return this;
    }

    /**
     * Makes the next DeployModel operation end with an error ({@code FAILED_PRECONDITION}, {@code reason} as its
     * message) instead of deploying, as Vertex reports a deployment that cannot start; the endpoint stays, without a
     * deployed model, and can be deleted. Once, or until {@link #reset()}.
     */
    @Override
    public void failNextDeployment(String reason) {
        Objects.requireNonNull(reason, "reason");
        front();   // fails when not running
        endpoints.failNextDeployment(reason);
    }

    /**
     * {@inheritDoc}
     *
     * @param endpointName the endpoint's resource name, its id (as {@code Endpoint.id()} or its last segment) or its
     *                     display name; it need not be deployed yet
     */
    @Override
    public void hostProtocol(String endpointName, dev.cloudai.deployment.ServingProtocol protocol) {
        if (endpointName == null || endpointName.isBlank()) throw new IllegalArgumentException("endpointName: must not be blank");
        Objects.requireNonNull(protocol, "protocol");
        front();   // fails when not running
        endpoints.hostProtocol(endpointName, protocol);
    }

    /**
     * Makes the next {@code times} calls fail with exactly {@code status}: its code, its message and its details
     * (a {@code google.rpc.RetryInfo}, {@code ErrorInfo}, {@code QuotaFailure}...), sent in the trailers as Vertex
     * sends them ({@code grpc-status-details-bin}). For answers the neutral {@link Fault}s do not describe, such as a
     * quota message that carries a retry delay. Takes precedence over pending faults.
     *
     * <pre>{@code
     * vertex.injectStatus(com.google.rpc.Status.newBuilder().setCode(Code.RESOURCE_EXHAUSTED_VALUE)
     *         .setMessage("Quota exceeded for ...").addDetails(Any.pack(retryInfo)).build(), 1);
     * }</pre>
     */
    public void injectStatus(com.google.rpc.Status status, int times) {
        Objects.requireNonNull(status, "status");
        if (status.getCode() == 0) throw new IllegalArgumentException("status: code 0 is OK, not a failure; give an error code");
        checkTimes(times);
        front().injectStatus(status, times);
    }

    /**
     * Makes the next {@code times} streams send {@code afterChunks} chunks and then fail with {@code UNAVAILABLE},
     * the way a dropped connection ends a gRPC stream.
     */
    public void cutStreams(int afterChunks, int times) {
        if (afterChunks < 0) throw new IllegalArgumentException("afterChunks: must not be negative, was " + afterChunks);
        checkTimes(times);
        front().cutStreams(afterChunks, times);
    }

    /** Replaces the chunks every {@code StreamGenerateContent} answers with, until {@link #reset()}. */
    public void streamAnswer(List<GenerateContentResponse> chunks) {
        Objects.requireNonNull(chunks, "chunks");
        front().streamAnswer(chunks);
    }

    /**
     * Replaces the answer of every {@code GenerateContent} call with {@code answer}, until {@link #reset()}: for a
     * response shape of the Vertex AI reference the emulator does not make itself. Refusals of invalid requests
     * and injected faults still come first.
     *
     * @param answer a {@code com.google.cloud.aiplatform.v1.GenerateContentResponse}; typed as its protobuf
     *               supertype so that this class loads without google-cloud-aiplatform and can say it is missing
     * @throws IllegalArgumentException when {@code answer} is another message
     */
    public void chatAnswer(com.google.protobuf.Message answer) {
        Objects.requireNonNull(answer, "answer");
        if (!(answer instanceof GenerateContentResponse response)) {
            throw new IllegalArgumentException("answer: must be a GenerateContentResponse, was "
                    + answer.getDescriptorForType().getFullName());
        }
        front().chatAnswer(response);
    }

    /**
     * The emulated Cloud Billing Catalog ({@code ListServices}, {@code ListSkus}), which a catalog refresh reads prices
     * from: its pagination, throttling and failures, and the SKUs it lists. Its calls are journaled with the others
     * ({@link #calls(String)} with {@link #LIST_SKUS}).
     *
     * @throws IllegalStateException naming the artifact when google-cloud-billing is not on the classpath (the
     *                               emulator then serves Vertex AI alone)
     */
    public BillingCatalog billingCatalog() {
        if (!billingServed) RequiredLibrary.requireAll(GcpCloud.class, BILLING);
        return billing;
    }

    private void registerBilling(WireMockServer wm) {
        if (!billingServed) return;
        billing.reset();
        billing.register(wm);
    }

    /** Every call received since start or the last reset, in order. */
    public List<RecordedCall> calls() {
        return front().journal();
    }

    /** The calls of one method, for example {@link #GENERATE_CONTENT}. */
    public List<RecordedCall> calls(String method) {
        return calls().stream().filter(c -> c.method().equals(method)).toList();
    }

    /**
     * The WireMock server behind the front: add gRPC stubs (a POST to {@code /package.Service/Method} with a header
     * {@code grpc-status-name}, as WireMock's gRPC extension expects) or verify the unary calls it answered, whose
     * bodies it shows as JSON.
     */
    public WireMockServer server() {
        WireMockServer wm = wiremock;
        if (wm == null) throw notRunning();
        return wm;
    }

    /** The port clients connect to. */
    public int port() {
        return front().port();
    }

    @Override
    public void close() {
        synchronized (lock) {
            GrpcFront f = front;
            WireMockServer wm = wiremock;
            Path dir = root;
            front = null;
            wiremock = null;
            root = null;
            if (f != null) f.close();
            cleanUp(wm, dir);
        }
    }

    @Override
    public String toString() {
        GrpcFront f = front;
        return "GcpCloud[gcp, " + (f != null ? "http://127.0.0.1:" + f.port() : "stopped") + "]";
    }

    private GrpcFront front() {
        GrpcFront f = front;
        if (f == null) throw notRunning();
        return f;
    }

    private static IllegalStateException notRunning() {
        return new IllegalStateException("cloud 'gcp' is not running; start() it, or start it through CloudEmulator.start(...)");
    }

    private static void checkTimes(int times) {
        if (times < 1 || (times > 1000 && times != ALWAYS)) {
            throw new IllegalArgumentException("times: must be from 1 to 1000, or EmulatedCloud.ALWAYS; was " + times);
        }
    }

    private static void cleanUp(WireMockServer wm, Path dir) {
        if (wm != null) wm.stop();
        if (dir == null) return;
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }
}
