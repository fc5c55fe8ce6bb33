package dev.cloudai.testkit;

import dev.cloudai.CloudAi;
import dev.cloudai.CloudAiConfig;
import dev.cloudai.errors.InvalidRequestException;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.testkit.testcloud.TestCloud;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CloudEmulatorTest {

    @Test
    void startsEveryCloudOnItsOwnPortAndFindsThemById() {
        TestCloud first = new TestCloud();
        TestCloud second = new TestCloud("othercloud");
        try (CloudEmulator emulator = CloudEmulator.start(first, second)) {
            assertEquals(List.of("testcloud", "othercloud"), emulator.ids());
            assertSame(first, emulator.cloud("testcloud"));
            assertSame(second, emulator.cloud("othercloud", TestCloud.class));
            assertTrue(first.isRunning() && second.isRunning());
            assertNotEquals(first.port(), second.port());
        }
        assertFalse(first.isRunning() || second.isRunning(), "close() stops every cloud");
    }

    @Test
    void anUnknownCloudIdIsRefusedListingTheIdsItHas() {
        try (CloudEmulator emulator = CloudEmulator.start(new RecordingCloud("alpha", Map.of()), new RecordingCloud("beta", Map.of()))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> emulator.cloud("aws"));
            assertEquals("id: this CloudEmulator has no cloud 'aws'; it has alpha, beta. Pass the cloud to CloudEmulator.start(...)",
                    e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> emulator.properties("aws"));
            assertThrows(IllegalArgumentException.class, () -> emulator.config("aws"));
            IllegalArgumentException wrongType = assertThrows(IllegalArgumentException.class, () -> emulator.cloud("alpha", TestCloud.class));
            assertTrue(wrongType.getMessage().contains("RecordingCloud"), wrongType.getMessage());
        }
    }

    @Test
    void propertiesNameTheProviderFirstThenTheCloudsOwnKeys() {
        RecordingCloud aws = new RecordingCloud("aws", Map.of("cloudai.aws.endpoint", "http://127.0.0.1:1234", "cloudai.aws.region", "us-east-1"));
        try (CloudEmulator emulator = CloudEmulator.start(aws)) {
            Map<String, String> properties = emulator.properties("aws");
            assertEquals(Map.of("cloudai.provider", "aws", "cloudai.aws.endpoint", "http://127.0.0.1:1234",
                    "cloudai.aws.region", "us-east-1"), properties);
            assertEquals("cloudai.provider", properties.keySet().iterator().next());

            CloudAiConfig config = emulator.config("aws").build();
            assertEquals("aws", config.provider().orElseThrow());
            assertEquals("http://127.0.0.1:1234", config.get("cloudai.aws.endpoint").orElseThrow());
        }
    }

    @Test
    void configPointsACloudAiAtTheEmulatedCloud() {
        try (CloudEmulator emulator = CloudEmulator.start(new TestCloud());
             CloudAi ai = CloudAi.create(emulator.config("testcloud").build())) {
            assertEquals(Canned.CHAT_TEXT, ai.chatModel(Canned.CHAT_MODEL).chat(ChatRequest.ofUser("Hello")).text());
            assertEquals(1, emulator.cloud("testcloud").requestCount());
        }
    }

    @Test
    void resetResetsEveryCloud() {
        TestCloud real = new TestCloud();
        RecordingCloud recorded = new RecordingCloud("recorded", Map.of());
        try (CloudEmulator emulator = CloudEmulator.start(real, recorded);
             CloudAi ai = CloudAi.create(emulator.config("testcloud").build())) {
            real.inject(Fault.invalidRequest("nope"), EmulatedCloud.ALWAYS);
            assertThrows(InvalidRequestException.class, () -> ai.chatModel(Canned.CHAT_MODEL).chat(ChatRequest.ofUser("Hello")));
            assertEquals(1, real.requestCount());

            emulator.reset();

            assertEquals(0, real.requestCount());
            assertEquals(List.of("start", "reset"), recorded.calls);
            assertEquals(Canned.CHAT_TEXT, ai.chatModel(Canned.CHAT_MODEL).chat(ChatRequest.ofUser("Hello")).text(), "the fault is gone");
        }
    }

    @Test
    void whenACloudFailsToStartTheOnesAlreadyStartedAreClosed() {
        RecordingCloud first = new RecordingCloud("first", Map.of());
        RecordingCloud second = new RecordingCloud("second", Map.of());
        RecordingCloud third = new RecordingCloud("third", Map.of());
        second.failOnStart = new IllegalStateException("port in use");

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> CloudEmulator.start(first, second, third));
        assertEquals("port in use", e.getMessage());
        assertEquals(List.of("start", "close"), first.calls);
        assertEquals(List.of("start"), second.calls);
        assertEquals(List.of(), third.calls);
    }

    @Test
    void closeStopsEveryCloudEvenWhenOneFailsToStop() {
        RecordingCloud first = new RecordingCloud("first", Map.of());
        RecordingCloud second = new RecordingCloud("second", Map.of());
        first.failOnClose = new IllegalStateException("stuck");
        CloudEmulator emulator = CloudEmulator.start(first, second);

        IllegalStateException e = assertThrows(IllegalStateException.class, emulator::close);
        assertEquals("stuck", e.getMessage());
        assertEquals(List.of("start", "close"), second.calls);
    }

    @Test
    void twoCloudsWithOneIdOrNoCloudAtAllAreRefused() {
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> CloudEmulator.start(new RecordingCloud("aws", Map.of()), new RecordingCloud("aws", Map.of())));
        assertTrue(twice.getMessage().contains("two clouds have the id 'aws'"), twice.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CloudEmulator.start());
        assertThrows(IllegalArgumentException.class, () -> CloudEmulator.start(List.of()));
        assertThrows(NullPointerException.class, () -> CloudEmulator.start((EmulatedCloud) null));
    }

    @Test
    void aSecondTestCloudWithTheSameIdIsRefusedWhileTheFirstRuns() {
        try (CloudEmulator emulator = CloudEmulator.start(new TestCloud())) {
            assertTrue(emulator.cloud("testcloud").isRunning());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> CloudEmulator.start(new TestCloud()));
            assertTrue(e.getMessage().contains("running already"), e.getMessage());
        }
    }
}
