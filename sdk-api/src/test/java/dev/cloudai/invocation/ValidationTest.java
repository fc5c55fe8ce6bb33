package dev.cloudai.invocation;

import dev.cloudai.accelerator.AcceleratorRequirement;
import dev.cloudai.accelerator.Precision;
import dev.cloudai.accelerator.Workload;
import dev.cloudai.deployment.EndpointSpec;
import dev.cloudai.deployment.InvokeRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input is rejected before any request, with a message that starts with the field's name. */
class ValidationTest {

    private static void rejects(String fieldPrefix, Executable e) {
        var ex = assertThrows(IllegalArgumentException.class, e);
        assertTrue(ex.getMessage().startsWith(fieldPrefix), "expected '" + fieldPrefix + "...', got: " + ex.getMessage());
    }

    @Test
    void anEmptyMessageListIsRejected() {
        rejects("messages: at least one user message", () -> ChatRequest.builder().build());
        rejects("messages: at least one user message", () -> ChatRequest.builder().system("be brief").build());
    }

    @Test
    void aBlankPromptIsRejected() {
        rejects("prompt: must not be blank", () -> ChatRequest.ofUser("  "));
        rejects("prompt: must not be blank", () -> ChatRequest.ofUser(null));
        rejects("text: a user message must not be blank", () -> ChatRequest.builder().user("").build());
    }

    @Test
    void numericSettingsOutOfRangeAreRejected() {
        rejects("maxTokens: must be positive, was -5", () -> ChatRequest.builder().user("hi").maxTokens(-5).build());
        rejects("temperature: must be between 0 and 2, was 2.5", () -> ChatRequest.builder().user("hi").temperature(2.5).build());
        rejects("topP: must be above 0 and at most 1, was 0.0", () -> ChatRequest.builder().user("hi").topP(0).build());
        rejects("stopSequences[1]: must not be empty",
                () -> ChatRequest.builder().user("hi").stopSequences(List.of("###", "")).build());
    }

    @Test
    void theConversationMustStartWithTheUser() {
        rejects("messages[0]: the conversation must start with a user message",
                () -> ChatRequest.builder().assistant("hello").user("hi").build());
    }

    @Test
    void aFullRequestKeepsItsPartsAndSeparatesTheSystemPrompt() {
        ChatRequest r = ChatRequest.builder().system("Be brief.").user("Q1").assistant("A1").user("Q2")
                .maxTokens(100).temperature(0.2).topP(0.9).stopSequences(List.of("###")).build();
        assertEquals("Be brief.", r.systemPrompt().orElseThrow());
        assertEquals(3, r.conversation().size());
        assertEquals(100, r.maxTokens().getAsInt());
        assertEquals(r, r.toBuilder().build());
        assertFalse(r.toString().contains("Q1"), "toString never shows message text");
    }

    @Test
    void embeddingRequestsAreValidated() {
        rejects("inputs: at least one text", () -> EmbeddingRequest.builder().build());
        rejects("inputs[1]: must not be blank", () -> EmbeddingRequest.of("a", " "));
        rejects("dimensions: must be positive", () -> EmbeddingRequest.builder().input("a").dimensions(0).build());
    }

    @Test
    void endpointSpecsAreValidated() {
        rejects("name: 'my_endpoint' is not a valid endpoint name", () -> EndpointSpec.builder("my_endpoint"));
        rejects("image: required", () -> EndpointSpec.builder("my-ep").instanceType("ml.g5.xlarge").build());
        rejects("instanceType: required unless accelerator", () -> EndpointSpec.builder("my-ep").image("img").build());
        rejects("instanceCount: must be at least 1", () -> EndpointSpec.builder("my-ep").instanceCount(0));
        rejects("timeout: must be positive", () -> EndpointSpec.builder("my-ep").timeout(Duration.ZERO));
        EndpointSpec ok = EndpointSpec.builder("my-ep").image("img").environment("HF_TOKEN", "hf_secret")
                .accelerator(AcceleratorRequirement.builder().workload(Workload.INFERENCE).build()).build();
        assertFalse(ok.toString().contains("hf_secret"), "environment values may be secrets");
    }

    @Test
    void invokeRequestsAndRequirementsAreValidated() {
        rejects("json: must not be blank", () -> InvokeRequest.json(""));
        rejects("contentType: must not be blank", () -> InvokeRequest.of(new byte[]{1}, " "));
        rejects("clouds: unknown value 'aws2'", () -> AcceleratorRequirement.builder().clouds("aws2"));
        rejects("minAcceleratorMemoryGib: must be a positive number", () -> AcceleratorRequirement.builder().minAcceleratorMemoryGib(-1));
        // Without workload(...) a requirement means any workload; only a model size needs to know which.
        assertTrue(AcceleratorRequirement.builder().build().workload().isEmpty());
        var iae = assertThrows(IllegalArgumentException.class,
                () -> AcceleratorRequirement.builder().modelSize(8, Precision.BF16).build());
        assertTrue(iae.getMessage().startsWith("workload: required with modelSize"), iae.getMessage());
    }
}
