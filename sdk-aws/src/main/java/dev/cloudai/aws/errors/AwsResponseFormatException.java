package dev.cloudai.aws.errors;

/**
 * An AWS answer arrived but the adapter cannot read it: a model's JSON without the fields its documented format
 * promises, or a stream that ended before its last event. {@link AwsErrorMapper} turns it into an
 * {@code UnclassifiedException} that keeps the request id. Internal to the adapter.
 *
 * <pre>{@code
 * throw new AwsResponseFormatException("Titan answered without 'embedding'", response.responseMetadata().requestId());
 * }</pre>
 */
public final class AwsResponseFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String requestId;

    /** @param requestId the AWS request id of the answer, or {@code null} */
    public AwsResponseFormatException(String message, String requestId) {
        super(message);
        this.requestId = requestId;
    }

    /** The AWS request id of the unreadable answer, or {@code null}. */
    public String requestId() {
        return requestId;
    }
}
