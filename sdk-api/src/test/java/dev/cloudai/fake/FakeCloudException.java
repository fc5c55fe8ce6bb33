package dev.cloudai.fake;

/** What the fake cloud's "SDK" throws: an HTTP status, an error code, a request id and an optional Retry-After. */
public final class FakeCloudException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int status;
    final String code;
    final String requestId;
    final String retryAfter;

    public FakeCloudException(int status, String code, String requestId, String retryAfter) {
        super(code + " (" + status + ")");
        this.status = status;
        this.code = code;
        this.requestId = requestId;
        this.retryAfter = retryAfter;
    }
}
