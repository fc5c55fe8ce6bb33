package dev.cloudai.testkit.testcloud;

/** testcloud's raw error for a success answer its client cannot understand (a malformed or truncated body). */
final class TestCloudProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String requestId;

    TestCloudProtocolException(String message, String requestId, Throwable cause) {
        super(message, cause);
        this.requestId = requestId;
    }

    String requestId() { return requestId; }
}
