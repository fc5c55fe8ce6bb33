package dev.cloudai.errors;

import dev.cloudai.internal.util.Arguments;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where a cloud call failed and what the cloud said about it: the provider, the operation, the provider's own
 * error code, its request id and the HTTP status when the call was HTTP (a gRPC call has its status code as the
 * provider code and no HTTP status).
 *
 * <pre>{@code
 * ErrorInfo info = ErrorInfo.builder("aws", "chat")
 *         .providerCode("ThrottlingException").requestId("8f2c...").httpStatus(429).build();
 * }</pre>
 */
public final class ErrorInfo implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final String providerId;
    private final String operation;
    private final String providerCode;
    private final String requestId;
    private final Integer httpStatus;

    private ErrorInfo(Builder b) {
        this.providerId = Arguments.requireText(b.providerId, "providerId");
        this.operation = Arguments.requireText(b.operation, "operation");
        this.providerCode = b.providerCode;
        this.requestId = b.requestId;
        this.httpStatus = b.httpStatus;
    }

    /** Starts an {@code ErrorInfo} for a call of {@code operation} (for example {@code chat}) on {@code providerId}. */
    public static Builder builder(String providerId, String operation) {
        return new Builder(providerId, operation);
    }

    /** The provider id, for example {@code aws}. */
    public String providerId() { return providerId; }

    /** The logical operation that failed, for example {@code chat}, {@code embed}, {@code deploy}. */
    public String operation() { return operation; }

    /** The provider's own error code, for example {@code ThrottlingException} or {@code RESOURCE_EXHAUSTED}. */
    public Optional<String> providerCode() { return Optional.ofNullable(providerCode); }

    /** The provider's request id, to quote when asking the provider's support. */
    public Optional<String> requestId() { return Optional.ofNullable(requestId); }

    /** The HTTP status of the failed response, when there was one. */
    public OptionalInt httpStatus() { return httpStatus == null ? OptionalInt.empty() : OptionalInt.of(httpStatus); }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(providerId).append(' ').append(operation);
        if (providerCode != null) sb.append(", code ").append(providerCode);
        if (httpStatus != null) sb.append(", HTTP ").append(httpStatus);
        if (requestId != null) sb.append(", request id ").append(requestId);
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ErrorInfo other && providerId.equals(other.providerId) && operation.equals(other.operation)
                && Objects.equals(providerCode, other.providerCode) && Objects.equals(requestId, other.requestId)
                && Objects.equals(httpStatus, other.httpStatus);
    }

    @Override
    public int hashCode() {
        return Objects.hash(providerId, operation, providerCode, requestId, httpStatus);
    }


    /** Builds an {@link ErrorInfo}; optional parts may be left unset or set to {@code null}. */
    public static final class Builder {
        private final String providerId;
        private final String operation;
        private String providerCode;
        private String requestId;
        private Integer httpStatus;

        private Builder(String providerId, String operation) {
            this.providerId = Arguments.requireText(providerId, "providerId");
            this.operation = Arguments.requireText(operation, "operation");
        }

        /** The provider's error code; blank counts as absent. */
        public Builder providerCode(String code) {
            this.providerCode = code == null || code.isBlank() ? null : code;
            return this;
        }

        /** The provider's request id; blank counts as absent. */
        public Builder requestId(String id) {
            this.requestId = id == null || id.isBlank() ? null : id;
            return this;
        }

        /** The HTTP status; {@code null} or a value outside 100..599 counts as absent. */
        public Builder httpStatus(Integer status) {
            this.httpStatus = status == null || status < 100 || status > 599 ? null : status;
            return this;
        }

        public ErrorInfo build() {
            return new ErrorInfo(this);
        }
    }
}
