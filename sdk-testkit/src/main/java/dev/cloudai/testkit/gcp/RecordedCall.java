package dev.cloudai.testkit.gcp;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;

import java.util.Objects;

/**
 * One gRPC call the Vertex AI emulator received: the full method name and the request message's bytes.
 *
 * <pre>{@code
 * RecordedCall call = cloud.calls().get(0);
 * call.method();                                                   // google.cloud.aiplatform.v1.PredictionService/GenerateContent
 * GenerateContentRequest sent = call.request(GenerateContentRequest.getDefaultInstance());
 * }</pre>
 */
public final class RecordedCall {
    private final String method;
    private final byte[] request;

    RecordedCall(String method, byte[] request) {
        this.method = Objects.requireNonNull(method, "method");
        this.request = request.clone();
    }

    /** The full method name, {@code package.Service/Method}. */
    public String method() {
        return method;
    }

    /** The request parsed as the type of {@code prototype}, for example {@code GenerateContentRequest.getDefaultInstance()}. */
    @SuppressWarnings("unchecked")
    public <M extends Message> M request(M prototype) {
        try {
            return (M) prototype.getParserForType().parseFrom(request);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("prototype: the request of " + method + " is not a "
                    + prototype.getDescriptorForType().getFullName(), e);
        }
    }

    @Override
    public String toString() {
        return "RecordedCall[" + method + ", " + request.length + " bytes]";
    }
}
