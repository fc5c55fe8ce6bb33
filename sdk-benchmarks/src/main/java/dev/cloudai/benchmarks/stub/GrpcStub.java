package dev.cloudai.benchmarks.stub;

import com.google.cloud.aiplatform.v1.Candidate;
import com.google.cloud.aiplatform.v1.Content;
import com.google.cloud.aiplatform.v1.GenerateContentResponse;
import com.google.cloud.aiplatform.v1.Part;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback plaintext gRPC server with one method, Vertex AI's {@code PredictionService/GenerateContent}, which
 * answers every request at once with the bytes of one canned {@code GenerateContentResponse} holding {@link Answers}'
 * text and usage. The request is read but not
 * parsed: the stub costs as little as gRPC itself. Other methods get gRPC's UNIMPLEMENTED.
 *
 * <pre>{@code
 * try (GrpcStub stub = GrpcStub.start()) {
 *     String endpoint = stub.endpoint();     // http://127.0.0.1:<port>, for cloudai.gcp.endpoint
 * }
 * }</pre>
 */
public final class GrpcStub implements AutoCloseable {
    /** google/cloud/aiplatform/v1/prediction_service.proto */
    static final String SERVICE = "google.cloud.aiplatform.v1.PredictionService";

    /** https://cloud.google.com/vertex-ai/docs/reference/rpc/google.cloud.aiplatform.v1#generatecontentresponse */
    private static final byte[] GENERATE_CONTENT = GenerateContentResponse.newBuilder()
            .addCandidates(Candidate.newBuilder().setIndex(0).setFinishReason(Candidate.FinishReason.STOP)
                    .setContent(Content.newBuilder().setRole("model").addParts(Part.newBuilder().setText(Answers.TEXT))))
            .setUsageMetadata(GenerateContentResponse.UsageMetadata.newBuilder().setPromptTokenCount(Answers.INPUT_TOKENS)
                    .setCandidatesTokenCount(Answers.OUTPUT_TOKENS).setTotalTokenCount(Answers.INPUT_TOKENS + Answers.OUTPUT_TOKENS))
            .setResponseId("stub-response")
            .build().toByteArray();

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

    private final Server server;
    private final AtomicLong answered = new AtomicLong();

    private GrpcStub() {
        MethodDescriptor<byte[], byte[]> generateContent = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "GenerateContent"))
                .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();
        ServerServiceDefinition service = ServerServiceDefinition.builder(SERVICE)
                .addMethod(generateContent, ServerCalls.asyncUnaryCall((request, response) -> {
                    answered.incrementAndGet();
                    response.onNext(GENERATE_CONTENT);
                    response.onCompleted();
                }))
                .build();
        try {
            // directExecutor: the answer is ready at once, so no hand-off to an application thread
            this.server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .directExecutor().addService(service).build().start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the Vertex AI benchmark stub", e);
        }
    }

    public static GrpcStub start() {
        return new GrpcStub();
    }

    /** {@code http://127.0.0.1:<port>}: {@code http://} makes the gcp adapter use plaintext without credentials. */
    public String endpoint() {
        return "http://" + hostPort();
    }

    /** {@code 127.0.0.1:<port>}, for a raw gax client. */
    public String hostPort() {
        return InetAddress.getLoopbackAddress().getHostAddress() + ":" + server.getPort();
    }

    /** Requests answered so far. */
    public long answered() {
        return answered.get();
    }

    @Override
    public void close() {
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
