package dev.cloudai.spring.boot;

import dev.cloudai.config.ConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An application whose {@code misspelt.yml} has {@code cloudai.aws.regoin} does not start, and Boot's failure report
 * says why in the SDK's words: the key, the "did you mean", and what to do.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }

    @Test
    void aMisspeltKeyFailsStartUpWithAReadableReport(CapturedOutput output) {
        SpringApplication app = new SpringApplication(App.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        RuntimeException failure = assertThrows(RuntimeException.class, () -> app.run("--spring.config.name=misspelt"));

        ConfigurationException cause = findCause(failure);
        assertNotNull(cause, "the start-up failure is the SDK's ConfigurationException: " + failure);
        FailureAnalysis analysis = new CloudAiConfigurationFailureAnalyzer().analyze(failure);
        assertNotNull(analysis);
        assertEquals(cause.getMessage(), analysis.getDescription());
        assertTrue(analysis.getDescription().contains("cloudai.aws.regoin"), analysis.getDescription());
        assertTrue(analysis.getDescription().contains("did you mean 'cloudai.aws.region'"), analysis.getDescription());
        // the file and line the key was set on, as Spring's origin tracking has it, not "(from code)"
        assertTrue(analysis.getDescription().contains("unknown key 'cloudai.aws.regoin' (from class path resource [misspelt.yml] - 5:13)"),
                analysis.getDescription());
        assertEquals(CloudAiConfigurationFailureAnalyzer.ACTION, analysis.getAction());

        // what the developer sees: Boot's report, not a stack trace
        String report = output.getOut() + output.getErr();
        assertTrue(report.contains("APPLICATION FAILED TO START"), report);
        assertTrue(report.contains("Description:\n\n" + cause.getMessage()), report);
        assertTrue(report.contains("Action:\n\n" + CloudAiConfigurationFailureAnalyzer.ACTION), report);
    }

    private static ConfigurationException findCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConfigurationException e) return e;
        }
        return null;
    }
}
