package dev.cloudai.gcp;

import dev.cloudai.CloudAi;
import dev.cloudai.deployment.InvokeRequest;
import dev.cloudai.errors.CloudAiException;
import dev.cloudai.errors.InvalidRequestException;
import dev.cloudai.testkit.CloudEmulatorExtension;
import dev.cloudai.testkit.gcp.GcpCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Vertex AI's published request size limits, checked before sending: a request over one fails with an
 * {@link InvalidRequestException} naming the limit and the request's size, and the emulator sees nothing.
 */
class GcpRequestLimitTest {
    /** A shared public endpoint's payload limit, 1.5 MB. */
    private static final int ENDPOINT_LIMIT = 1_572_864;

    @RegisterExtension
    static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(new GcpCloud());

    private static GcpCloud cloud() {
        return EMULATOR.emulator().cloud("gcp", GcpCloud.class);
    }

    private static InvokeRequest body(int bytes) {
        byte[] body = new byte[bytes];
        Arrays.fill(body, (byte) 'x');
        return InvokeRequest.of(body, "application/octet-stream");
    }

    private static void assertNamesTheLimit(InvalidRequestException e, int size) {
        assertTrue(e.getMessage().contains("is " + String.format("%,d", size) + " bytes, over the limit of 1,572,864 bytes"), e::getMessage);
        assertEquals(0, cloud().requestCount(), "nothing is sent");
    }

    @Test
    void anEndpointRequestOverTheSharedEndpointLimitIsRefusedBeforeSending() {
        try (CloudAi ai = CloudAi.create(EMULATOR.config("gcp").build())) {
            assertNamesTheLimit(assertThrows(InvalidRequestException.class,
                    () -> ai.endpoints().invoke("1001", body(ENDPOINT_LIMIT + 1))), ENDPOINT_LIMIT + 1);
            ExecutionException async = assertThrows(ExecutionException.class,
                    () -> ai.endpoints().invokeAsync("1001", body(ENDPOINT_LIMIT + 1)).get(10, TimeUnit.SECONDS));
            assertNamesTheLimit(assertInstanceOf(InvalidRequestException.class, async.getCause()), ENDPOINT_LIMIT + 1);
        }
    }

    @Test
    void anEndpointRequestAtTheLimitIsSent() {
        try (CloudAi ai = CloudAi.create(EMULATOR.config("gcp").build())) {
            try {
                ai.endpoints().invoke("1001", body(ENDPOINT_LIMIT));
            } catch (CloudAiException answered) {
                // whatever the emulator answers: the point is that the request went out
                assertTrue(!(answered instanceof InvalidRequestException) || !answered.getMessage().contains("over the limit"),
                        answered::getMessage);
            }
        }
        assertEquals(1, cloud().requestCount());
    }
}
