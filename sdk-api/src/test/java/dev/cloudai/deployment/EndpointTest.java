package dev.cloudai.deployment;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;

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
    void anHourlyPriceIsEmptyUnlessTheBuilderOrAPlanGivesOne() {
        Endpoint reported = Endpoint.builder("id-1", "llama", "aws", EndpointStatus.CREATING).build();
        assertEquals(OptionalDouble.empty(), reported.pricePerHour());
        assertEquals(OptionalDouble.of(1.41), Endpoint.builder("id-1", "llama", "aws", EndpointStatus.CREATING)
                .pricePerHour(1.41).build().pricePerHour());
        assertEquals(OptionalDouble.of(2.5), reported.withPricePerHour(OptionalDouble.of(2.5)).pricePerHour());
        assertEquals(reported, reported.withPricePerHour(OptionalDouble.of(2.5)).withPricePerHour(OptionalDouble.empty()));
    }

    @Test
    void theBuilderRefusesWhatTheRecordRefusesWhereItIsGiven() {
        assertEquals("pricePerHour: must be a finite number not below 0, was -1.0", assertThrows(IllegalArgumentException.class,
                () -> Endpoint.builder("id-1", "llama", "aws", EndpointStatus.CREATING).pricePerHour(-1.0)).getMessage());
        assertEquals("pricePerHour: must be a finite number not below 0, was NaN", assertThrows(IllegalArgumentException.class,
                () -> Endpoint.builder("id-1", "llama", "aws", EndpointStatus.CREATING).build()
                        .withPricePerHour(OptionalDouble.of(Double.NaN))).getMessage());
        assertEquals("name: must not be blank", assertThrows(IllegalArgumentException.class,
                () -> Endpoint.builder("id-1", " ", "aws", EndpointStatus.CREATING)).getMessage());
        assertEquals("instanceCount: must not be negative, was -1", assertThrows(IllegalArgumentException.class,
                () -> Endpoint.builder("id-1", "llama", "aws", EndpointStatus.CREATING).instanceCount(-1)).getMessage());
    }
}
