package dev.cloudai.internal;

import dev.cloudai.config.RetrySettings;
import dev.cloudai.deployment.DeploymentPlan;
import dev.cloudai.deployment.Endpoint;
import dev.cloudai.deployment.EndpointSpec;
import dev.cloudai.deployment.Endpoints;
import dev.cloudai.deployment.InvokeRequest;
import dev.cloudai.deployment.InvokeResponse;
import dev.cloudai.errors.NotFoundException;
import dev.cloudai.internal.pipeline.CallPipeline;
import dev.cloudai.internal.pipeline.FakeTimer;
import dev.cloudai.internal.pipeline.OpenCalls;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ResilientEndpointsTest {

    /** What a cloud SDK throws when asked to stream from an endpoint it knows is missing. */
    static final class NativeNotFound extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NativeNotFound() {
            super("no such endpoint");
        }
    }

    @Test
    void anAdapterThatThrowsWhenAskedForAStreamThrowsTheMappedException() {
        Endpoints raw = new Endpoints() {
            public DeploymentPlan plan(EndpointSpec s) { throw new AssertionError(); }
            public Endpoint deploy(EndpointSpec s) { throw new AssertionError(); }
            public Optional<Endpoint> get(String id) { throw new AssertionError(); }
            public List<Endpoint> list() { throw new AssertionError(); }
            public void delete(String id) { throw new AssertionError(); }
            public InvokeResponse invoke(String id, InvokeRequest r) { throw new AssertionError(); }
            public CompletableFuture<InvokeResponse> invokeAsync(String id, InvokeRequest r) { throw new AssertionError(); }
            @Override
            public Flow.Publisher<byte[]> invokeStream(String id, InvokeRequest r) { throw new NativeNotFound(); }
        };
        CallPipeline pipeline = CallPipeline.builder("fake", (op, e) -> new NotFoundException(
                dev.cloudai.errors.ErrorInfo.builder("fake", op).build(), e.getMessage(), e))
                .retry(new RetrySettings(1, Duration.ZERO, Duration.ZERO)).timer(new FakeTimer()).calls(new OpenCalls()).build();

        NotFoundException e = assertThrows(NotFoundException.class,
                () -> new ResilientEndpoints(raw, pipeline).invokeStream("ep", InvokeRequest.json("{}")));
        assertEquals("invoke-stream", e.operation());
    }
}
