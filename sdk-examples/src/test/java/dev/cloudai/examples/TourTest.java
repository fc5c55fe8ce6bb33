package dev.cloudai.examples;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's tour, end to end on its embedded emulator, so the build fails when it breaks. (The tour ends the JVM
 * with status 1 when it stops on an error, which fails this build too.)
 */
class TourTest {

    @Test
    void theTourRunsEveryStepOnTheEmulator() {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            Tour.main(new String[0]);
        } finally {
            System.setOut(original);
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        for (String step : new String[]{"1. Providers", "2. The same code on every cloud",
                "3. Tools, records and images", "5. Accelerator selection", "6. Deploy an endpoint", "7. Your own model",
                "8. Retries", "9. Fallback", "10. Batch inference"}) {
            assertTrue(out.contains(step), step + " missing:\n" + out);
        }
        assertTrue(out.contains("answer: \"Hello from the emulator\" from azure"), out);
        assertTrue(out.contains("   Answer: Tool results: get_weather"), out);
        assertTrue(out.contains("   Record: emulated with 1 GiB per chip"), out);
        assertTrue(out.contains("   server down, alias 'mine' fell back: Hello from the emulator  [from aws"), out);
        assertEquals(3, out.split("Cost:    \\$", -1).length - 1, () -> "each cloud's batch prices its answers: " + out);
        assertFalse(out.contains("The tour stopped"), out);
        assertFalse(out.contains("\tat "), out);
    }
}
