package dev.cloudai.gcp;

import com.google.cloud.aiplatform.v1.PredictionServiceClient;
import dev.cloudai.config.ConfigurationException;
import dev.cloudai.spi.Provider;
import dev.cloudai.spi.ProviderConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Configuration: required keys, endpoint forms, and no I/O at creation. */
class GcpProviderFactoryTest {
    private static Provider create(Map<String, String> keys) {
        return new GcpProviderFactory().create(ProviderConfig.of("gcp", keys));
    }

    @Test
    void projectAndLocationAreRequiredAndTheMessageNamesTheKey() {
        ConfigurationException noProject = assertThrows(ConfigurationException.class,
                () -> create(Map.of("cloudai.gcp.location", "us-central1")));
        assertTrue(noProject.getMessage().contains("cloudai.gcp.project"), noProject::getMessage);
        ConfigurationException noLocation = assertThrows(ConfigurationException.class,
                () -> create(Map.of("cloudai.gcp.project", "p")));
        assertTrue(noLocation.getMessage().contains("cloudai.gcp.location"), noLocation::getMessage);
    }

    @Test
    void theRegionalEndpointIsTheDefaultAndCreatingDoesNoIo() {
        // no credentials exist here: creating must not look for them, only the first call does
        try (Provider p = create(Map.of("cloudai.gcp.project", "p", "cloudai.gcp.location", "europe-west4"))) {
            assertTrue(p.toString().contains("europe-west4-aiplatform.googleapis.com:443"), p::toString);
            p.chatModel("gemini-2.0-flash-001");
            p.embeddingModel("text-embedding-005");
        }
        try (Provider p = create(Map.of("cloudai.gcp.project", "p", "cloudai.gcp.location", "global"))) {
            assertTrue(p.toString().contains(" aiplatform.googleapis.com:443"), p::toString);
        }
    }

    @Test
    void anHttpEndpointIsPlaintextAndUnwrapGivesTheNativeClient() {
        try (Provider p = create(Map.of("cloudai.gcp.project", "p", "cloudai.gcp.location", "us-central1",
                "cloudai.gcp.endpoint", "http://127.0.0.1:1"))) {
            assertTrue(p.toString().contains("127.0.0.1:1"), p::toString);
            assertEquals(PredictionServiceClient.class, p.unwrap(PredictionServiceClient.class).getClass());
            assertThrows(IllegalArgumentException.class, () -> p.unwrap(String.class));
        }
    }

    @Test
    void aMalformedModelNameIsRejectedNamingTheField() {
        try (Provider p = create(Map.of("cloudai.gcp.project", "p", "cloudai.gcp.location", "us-central1"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.chatModel("models/gemini"));
            assertTrue(e.getMessage().startsWith("model:"), e::getMessage);
        }
    }
}
