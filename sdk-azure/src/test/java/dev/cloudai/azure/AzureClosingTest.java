package dev.cloudai.azure;

import com.sun.management.UnixOperatingSystemMXBean;
import dev.cloudai.CloudAi;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.testkit.CloudEmulatorExtension;
import dev.cloudai.testkit.SampleModels;
import dev.cloudai.testkit.azure.AzureCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code close()} releases what the provider opened. Each Azure provider once built an HTTP client whose connection
 * pool nobody closed, so 50 create/chat/close cycles left about 60 connections and over 100 file descriptors open
 * until the server's idle timeout.
 */
class AzureClosingTest {
    @RegisterExtension
    static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(new AzureCloud());

    private static final int CYCLES = 50;
    /** Descriptors the JVM may open for other reasons meanwhile (class files, the emulator's own); far below one per cycle. */
    private static final int SLACK = 15;

    @Test
    void fiftyCreateChatCloseCyclesLeaveNoConnectionOpen() {
        UnixOperatingSystemMXBean os = assertInstanceOf(UnixOperatingSystemMXBean.class,
                ManagementFactory.getOperatingSystemMXBean(), "open file descriptors are counted on Unix-like systems");
        chatAndClose();   // classes loaded, the emulator's threads and the shared event loop started
        long before = os.getOpenFileDescriptorCount();

        for (int i = 0; i < CYCLES; i++) chatAndClose();

        // The emulator closes its side when it reads the client's close, a moment later: wait for that, bounded.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        long open = os.getOpenFileDescriptorCount();
        while (open > before + SLACK && System.nanoTime() < deadline) {
            LockSupport.parkNanos(10_000_000);
            open = os.getOpenFileDescriptorCount();
        }
        long left = open - before;
        assertTrue(left <= SLACK, () -> CYCLES + " closed providers left " + left + " more file descriptors open");
    }

    private static void chatAndClose() {
        try (CloudAi ai = CloudAi.create(EMULATOR.config("azure").build())) {
            assertEquals("azure", ai.chatModel(SampleModels.chat("azure")).chat(ChatRequest.ofUser("Hello")).provider());
        }
    }
}
