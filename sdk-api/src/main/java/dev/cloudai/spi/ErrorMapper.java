package dev.cloudai.spi;

import dev.cloudai.errors.CloudAiException;

/**
 * Turns a cloud SDK's exception into the neutral error tree. Each adapter has exactly one; it typically
 * recognises its SDK's exception types, reads the code, status and request id from them, and hands the
 * status to {@link HttpErrors#fromStatus} for everything it does not special-case.
 *
 * <pre>{@code
 * ErrorMapper mapper = (operation, error) -> error instanceof MyCloudException e
 *         ? HttpErrors.fromStatus(ErrorInfo.builder("mycloud", operation).httpStatus(e.status())
 *                 .requestId(e.requestId()).build(), e.getMessage(), null, e)
 *         : HttpErrors.fromTransport(ErrorInfo.builder("mycloud", operation).build(), error);
 * }</pre>
 */
@FunctionalInterface
public interface ErrorMapper {

    /**
     * Maps {@code error}, thrown by a call of {@code operation}, to a neutral exception; never returns
     * {@code null}. {@code error} is never a {@link CloudAiException}, nor a wrapper such as
     * {@link java.util.concurrent.CompletionException}: the pipeline unwraps those first.
     */
    CloudAiException map(String operation, Throwable error);
}
