package dev.cloudai.gcp.errors;

import com.google.rpc.Status;

/**
 * A Vertex AI long-running operation that finished with an error ({@code Operation.error}). Thrown inside the
 * adapter and mapped by {@link VertexErrorMapper} from its gRPC code, like a failed call. Internal: not API.
 *
 * <pre>{@code
 * if (operation.hasError()) throw new OperationFailedException(operation.getName(), operation.getError());
 * }</pre>
 */
public final class OperationFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int code;

    public OperationFailedException(String operationName, Status error) {
        super("operation " + operationName + " failed: " + error.getMessage());
        this.code = error.getCode();
    }

    /** The {@code google.rpc.Code} value of the operation's error. */
    public int code() {
        return code;
    }
}
