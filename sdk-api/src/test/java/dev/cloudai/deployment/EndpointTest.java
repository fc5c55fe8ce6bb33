package dev.cloudai.deployment;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The builder makes the same endpoint as the canonical constructor, what is not reported left empty. */
class EndpointTest {

    @Test
    void theBuilderSetsEveryPartAndLeavesTheUnreportedOnesEmpty() {
        Instant created = Instant.parse("2026-01-02T03:04:05Z");
        assertEquals(new Endpoint("id-1", "llama", "aws", EndpointStatus.FAILED, Optional.of("ml.g5.xlarge"), 2,
                        Optional.of("https://runtime/endpoints/llama/invocations"), Optional.of(created), Optional.of("no capacity")),
                Endpoint.builder("id-1", "llama", "aws", EndpointStatus.FAILED).instanceType("ml.g5.xlarge").instanceCount(2)
                        .url("https://runtime/endpoints/llama/invocations").createdAt(created).failureReason("no capacity").build());
        assertEquals(new Endpoint("id-1", "llama", "aws", EndpointStatus.CREATING, Optional.empty(), 0, Optional.empty(),
                        Optional.empty(), Optional.empty()),
                Endpoint.builder("id-1", "llama", "aws", EndpointStatus.CREATING).instanceType(null).url(null).createdAt(null)
                        .failureReason(null).build());
    }

    @Test
    void theBuilderRefusesWhatTheRecordRefusesWhereItIsGiven() {
        assertEquals("name: must not be blank", assertThrows(IllegalArgumentException.class,
                () -> Endpoint.builder("id-1", " ", "aws", EndpointStatus.CREATING)).getMessage());
        assertEquals("instanceCount: must not be negative, was -1", assertThrows(IllegalArgumentException.class,
                () -> Endpoint.builder("id-1", "llama", "aws", EndpointStatus.CREATING).instanceCount(-1)).getMessage());
    }
}
