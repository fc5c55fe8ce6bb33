package dev.cloudai.testkit.testcloud;

/** testcloud's raw error: a non-2xx answer, as its client sees it, before the error mapper. */
final class TestCloudHttpException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final String requestId;
    private final String retryAfter;

    TestCloudHttpException(int status, String code, String message, String requestId, String retryAfter) {
        super("HTTP " + status + (code == null ? "" : " " + code) + (message == null ? "" : ": " + message));
        this.status = status;
        this.code = code;
        this.requestId = requestId;
        this.retryAfter = retryAfter;
    }

    int status() { return status; }

    String code() { return code; }

    String requestId() { return requestId; }

    /** The raw {@code Retry-After} header, or {@code null}. */
    String retryAfter() { return retryAfter; }
}
