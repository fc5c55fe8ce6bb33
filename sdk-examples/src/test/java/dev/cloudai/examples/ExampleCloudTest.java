package dev.cloudai.examples;

import dev.cloudai.CloudAiConfig;
import dev.cloudai.config.ConfigurationException;
import dev.cloudai.testkit.CloudEmulatorExtension;
import dev.cloudai.testkit.SampleModels;
import dev.cloudai.testkit.aws.AwsCloud;
import dev.cloudai.testkit.azure.AzureCloud;
import dev.cloudai.testkit.gcp.GcpCloud;
import dev.cloudai.aws.AwsKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * On the emulator, the application's own configuration (system properties here; the environment and
 * cloudai.properties the same way) is validated as with {@code --live}, and its call settings apply, while the
 * emulator's keys decide where calls go.
 */
class ExampleCloudTest {
    @RegisterExtension
    static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(new AwsCloud(), new GcpCloud(), new AzureCloud());

    @Test
    void aMisspeltKeyIsReportedOnTheEmulatorTooWithTheRightOne() {
        withSystemProperties(Map.of("cloudai.aws.regoin", "eu-west-1"), () -> {
            var e = assertThrows(ConfigurationException.class, () -> ExampleCloud.emulated(EMULATOR.emulator(), "aws").config());
            assertEquals(java.util.List.of("unknown key 'cloudai.aws.regoin' (from system property); did you mean"
                    + " 'cloudai.aws.region'?"), e.problems());
        });
    }

    @Test
    void theApplicationsCallSettingsApplyAndTheEmulatorsKeysDecideWhereCallsGo() {
        withSystemProperties(Map.of(
                "cloudai.retry.max-attempts", "1",
                "cloudai.timeout", "45s",
                "cloudai.aws.endpoint", "http://127.0.0.1:9",
                "cloudai.aws.profile", "my-live-profile",
                "cloudai.fallback", "gcp",
                "cloudai.models.default.aws", "my-live-model"), () -> {
            CloudAiConfig c = ExampleCloud.emulated(EMULATOR.emulator(), "aws").config();
            assertEquals(1, c.retry().maxAttempts());
            assertEquals(java.time.Duration.ofSeconds(45), c.resilience().timeout());
            assertEquals(EMULATOR.emulator().properties("aws").get(AwsKeys.ENDPOINT), c.get(AwsKeys.ENDPOINT).orElseThrow());
            assertEquals(java.util.Optional.empty(), c.get(AwsKeys.PROFILE), "no live credentials on the emulator");
            assertEquals(java.util.List.of(), c.fallback(), "no move to a provider the example did not ask for");
            assertEquals(SampleModels.chat("aws"), c.model("default", "aws").orElseThrow());
        });
    }

    private static void withSystemProperties(Map<String, String> props, Runnable body) {
        props.forEach(System::setProperty);
        try {
            body.run();
        } finally {
            props.keySet().forEach(System::clearProperty);
        }
    }
}
