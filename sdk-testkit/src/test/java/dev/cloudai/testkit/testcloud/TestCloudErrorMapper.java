package dev.cloudai.testkit.testcloud;

import dev.cloudai.errors.CloudAiException;
import dev.cloudai.errors.ErrorInfo;
import dev.cloudai.errors.UnclassifiedException;
import dev.cloudai.spi.ErrorMapper;
import dev.cloudai.spi.HttpErrors;

/** testcloud's one error mapper: statuses through {@link HttpErrors}, with the code, request id and Retry-After it sent. */
final class TestCloudErrorMapper implements ErrorMapper {
    private final String providerId;

    TestCloudErrorMapper(String providerId) {
        this.providerId = providerId;
    }

    @Override
    public CloudAiException map(String operation, Throwable error) {
        ErrorInfo.Builder info = ErrorInfo.builder(providerId, operation);
        if (error instanceof TestCloudHttpException e) {
            return HttpErrors.fromStatus(info.httpStatus(e.status()).providerCode(e.code()).requestId(e.requestId()).build(),
                    e.getMessage(), HttpErrors.parseRetryAfter(e.retryAfter()).orElse(null), e);
        }
        if (error instanceof TestCloudProtocolException e) {
            return new UnclassifiedException(info.requestId(e.requestId()).build(), e.getMessage(), false, e);
        }
        return HttpErrors.fromTransport(info.build(), error);
    }
}
