package dev.cloudai.cli;

import dev.cloudai.testkit.CloudEmulator;
import dev.cloudai.testkit.Fault;
import dev.cloudai.testkit.aws.AwsCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UsageAndConfigurationTest {

    private static Cli.Result cloudai(String... args) {
        return Cli.run(Connector.embedded(), args);
    }

    @Test
    void helpListsEveryCommandAndTheExitCodes() {
        Cli.Result r = cloudai("--help");
        assertEquals(0, r.exitCode(), r::toString);
        for (String command : new String[]{"chat", "stream", "embed", "accelerators", "plan", "deploy", "endpoints", "invoke", "delete"}) {
            assertTrue(r.out().matches("(?s).*\\R  " + command + " +\\S.*"), command + " in " + r.out());
        }
        assertTrue(r.out().contains("--live"), r::toString);
        assertTrue(r.out().contains("5   the cloud failed the call"), r::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"chat", "stream", "embed", "accelerators", "plan", "deploy", "endpoints", "invoke", "delete"})
    void everyCommandHasHelpWithExamples(String command) {
        Cli.Result r = cloudai(command, "--help");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().startsWith("Usage: cloudai " + command), r::toString);
        assertTrue(r.out().contains("--provider=ID"), r::toString);
        assertTrue(r.out().contains("Examples:\n  cloudai " + command) || r.out().contains("Examples:\r\n  cloudai " + command), r::toString);
    }

    @Test
    void versionNamesTheBuiltVersionAndTheProviders() {
        Cli.Result r = cloudai("--version");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().matches("(?s)cloudai \\d+\\.\\d+\\.\\d+\\S* \\(Cloud AI SDK for Java\\).*providers: aws, azure, gcp.*"), r::toString);
    }

    @Test
    void anUnknownOptionIsAUsageErrorWithASuggestion() {
        Cli.Result r = cloudai("chat", "--modle", "x", "Hello");
        assertEquals(ExitCodes.USAGE, r.exitCode(), r::toString);
        assertTrue(r.err().contains("Unknown option: '--modle'"), r::toString);
        assertTrue(r.err().contains("--model"), r::toString);
        assertTrue(r.err().contains("Run 'cloudai chat --help' for the options."), r::toString);
    }

    @Test
    void anUnknownCommandOrNoneIsAUsageError() {
        Cli.Result typo = cloudai("chta", "Hello");
        assertEquals(ExitCodes.USAGE, typo.exitCode(), typo::toString);
        assertTrue(typo.err().contains("Did you mean: cloudai chat"), typo::toString);   // "... or cloudai catalog/batch?"
        Cli.Result none = cloudai();
        assertEquals(ExitCodes.USAGE, none.exitCode(), none::toString);
        assertTrue(none.err().contains("Missing required subcommand"), none::toString);
    }

    @Test
    void anUnknownProviderIsAUsageErrorListingTheProvidersFound() {
        Cli.Result r = cloudai("chat", "--provider", "oracle", "Hello");
        assertEquals(ExitCodes.USAGE, r.exitCode(), r::toString);
        assertTrue(r.err().contains("'oracle' is not a provider on the classpath; use one of aws, azure, gcp"), r::toString);
    }

    @Test
    void emulatorAndLiveExcludeEachOther() {
        Cli.Result r = cloudai("endpoints", "--emulator", "--live");
        assertEquals(ExitCodes.USAGE, r.exitCode(), r::toString);
        assertTrue(r.err().contains("--emulator and --live are mutually exclusive"), r::toString);
    }

    @Test
    void byDefaultEachRunStartsItsOwnEmulatorAndSaysSo() {
        Cli.Result r = cloudai("chat", "Hello");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("Hello from the emulator", r.out().strip());
        assertTrue(r.err().startsWith("[cloudai] Running against the embedded CloudEmulator (aws): no cloud account"
                + " or network is used, and endpoints live only for this run. Pass --live for the real cloud."), r::toString);
    }

    @Test
    void liveReadsTheConfigurationAndABadKeyIsAConfigurationError() {
        withSystemProperties(Map.of("cloudai.provider", "aws", "cloudai.aws.regoin", "us-east-1"), () -> {
            Cli.Result r = cloudai("chat", "--live", "Hello");
            assertEquals(ExitCodes.CONFIGURATION, r.exitCode(), r::toString);
            assertTrue(r.err().startsWith("Configuration error:"), r::toString);
            assertTrue(r.err().contains("unknown key 'cloudai.aws.regoin'"), r::toString);
            assertTrue(r.err().contains("cloudai.aws.region"), "suggests the right key: " + r.err());
        });
    }

    @Test
    void liveUsesCloudAiFromConfigWithTheProviderOverridden() {
        try (CloudEmulator emulator = CloudEmulator.start(new AwsCloud())) {
            Map<String, String> props = new java.util.HashMap<>(emulator.properties("aws"));
            props.put("cloudai.provider", "gcp");          // --provider aws wins over the configured provider
            withSystemProperties(props, () -> {
                Cli.Result r = cloudai("chat", "--live", "--provider", "aws", "--model", "anthropic.claude-3-haiku-20240307-v1:0", "Hello");
                assertEquals(0, r.exitCode(), r::toString);
                assertEquals("Hello from the emulator", r.out().strip());
                assertTrue(r.err().startsWith("[aws/anthropic.claude-3-haiku-20240307-v1:0"), "no emulator notice with --live: " + r.err());
            });
            assertEquals(1, emulator.cloud("aws").requestCount());
        }
    }

    @Test
    void aMisspeltKeyIsReportedOnTheEmulatorTooWithTheRightOne() {
        withSystemProperties(Map.of("cloudai.aws.regoin", "us-east-1"), () -> {
            for (String[] command : new String[][]{{"chat", "Hello"}, {"accelerators", "--limit", "1"}}) {
                Cli.Result r = cloudai(command);
                assertEquals(ExitCodes.CONFIGURATION, r.exitCode(), r::toString);
                assertTrue(r.err().startsWith("Configuration error:"), r::toString);
                assertTrue(r.err().contains("unknown key 'cloudai.aws.regoin' (from system property); did you mean"
                        + " 'cloudai.aws.region'?"), r::toString);
            }
        });
    }

    @Test
    void onTheEmulatorTheUsersCallSettingsApplyWhileItsCloudKeysGiveWayToTheEmulators() {
        try (CloudEmulator emulator = CloudEmulator.start(new AwsCloud())) {
            emulator.cloud("aws").inject(Fault.serverError(503), 1);
            withSystemProperties(Map.of(
                    "cloudai.retry.max-attempts", "1",                    // applies: the 503 is not retried
                    "cloudai.aws.endpoint", "http://127.0.0.1:9",         // gives way to the emulator's endpoint
                    "cloudai.provider", "gcp",                             // gives way to the emulator's default, aws
                    "cloudai.models.default.aws", "my-live-model"), () -> { // gives way to the emulator's sample model
                Cli.Result r = Cli.run(Connector.sharing(emulator), "chat", "Hello");
                assertEquals(ExitCodes.CLOUD, r.exitCode(), r::toString);
                assertTrue(r.err().contains("UnavailableException"), r::toString);
            });
            assertEquals(1, emulator.cloud("aws").requestCount(), "one attempt, at the emulator");
            assertTrue(emulator.cloud("aws", AwsCloud.class).server().getAllServeEvents().get(0).getRequest().getUrl()
                    .contains("anthropic.claude-3-haiku"), "the emulator's sample model, not the live alias");
        }
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
