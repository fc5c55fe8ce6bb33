package dev.cloudai.deployment;

import dev.cloudai.CloudAiConfig;
import dev.cloudai.accelerator.AcceleratorCatalog;
import dev.cloudai.accelerator.AcceleratorRequirement;
import dev.cloudai.accelerator.Precision;
import dev.cloudai.accelerator.Workload;
import dev.cloudai.config.ConfigurationException;
import dev.cloudai.internal.EndpointRef;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Serving protocols by name, endpoint: model aliases, and the serving environment a plan derives. */
class ServingSettingsTest {

    @Test
    void protocolsAreFoundByTheirConfigurationOrEnumNamesIgnoringCase() {
        assertEquals(ServingProtocol.OPENAI_CHAT, ServingProtocol.fromName("openai-chat"));
        assertEquals(ServingProtocol.OPENAI_EMBEDDINGS, ServingProtocol.fromName("OPENAI_EMBEDDINGS"));
        assertEquals(ServingProtocol.TEI, ServingProtocol.fromName(" Tei "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServingProtocol.fromName("grpc"));
        assertTrue(e.getMessage().startsWith("protocol: 'grpc' is not a serving protocol; use openai-chat"), e.getMessage());
    }

    @Test
    void eachProtocolChatsOrEmbedsNeverBoth() {
        for (ServingProtocol p : ServingProtocol.values()) assertTrue(p.canChat() ^ p.canEmbed(), p::name);
    }

    @Test
    void anEndpointAliasNamesTheEndpointAndOptionallyItsProtocol() {
        assertEquals(Optional.empty(), EndpointRef.parse("gpt-4o"));
        EndpointRef plain = EndpointRef.parse("endpoint:my-llama").orElseThrow();
        assertEquals("my-llama", plain.endpointId());
        assertEquals(ServingProtocol.OPENAI_CHAT, plain.chatProtocol());
        assertEquals(ServingProtocol.OPENAI_EMBEDDINGS, plain.embeddingProtocol());
        EndpointRef tei = EndpointRef.parse("endpoint:my-tei;protocol=tei").orElseThrow();
        assertEquals(ServingProtocol.TEI, tei.embeddingProtocol());
        assertThrows(IllegalArgumentException.class, tei::chatProtocol);
    }

    @Test
    void aMalformedEndpointAliasFailsAtStartUpNamingTheKey() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> CloudAiConfig.builder().provider("backup")
                .region("us-east-1").model("mine", "aws", "endpoint:;protocol=tgi").build());
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith("cloudai.models.mine.aws: 'endpoint:;protocol=tgi' names no endpoint")),
                e::getMessage);
        ConfigurationException bad = assertThrows(ConfigurationException.class, () -> CloudAiConfig.builder().provider("backup")
                .region("us-east-1").model("mine", "aws", "endpoint:x;protocol=grpc").build());
        assertTrue(bad.problems().stream().anyMatch(p -> p.contains("protocol: 'grpc' is not a serving protocol")), bad::getMessage);
    }

    @Test
    void aPlanForA70bModelShardsItOverTheDevicesOfTheInstanceItChose() {
        EndpointSpec spec = EndpointSpec.builder("big-llama").image("registry.example.com/tgi:3")
                .modelId("meta-llama/Llama-3.1-70B-Instruct").servingProtocol(ServingProtocol.TGI).maxModelLength(8192)
                .accelerator(AcceleratorRequirement.builder().workload(Workload.INFERENCE).modelSize(70, Precision.BF16).build())
                .environment("MAX_TOTAL_TOKENS", "4096")
                .build();
        DeploymentPlan plan = DeploymentPlanner.plan(AcceleratorCatalog.builtIn(), spec,
                PlatformFacts.of("aws", "aws", "sagemaker", "us-east-1"));
        String devices = Integer.toString((int) Math.floor(plan.offer().acceleratorCount()));
        assertTrue(plan.offer().acceleratorCount() >= 2, "70B in BF16 needs more than one device: " + plan.offer());
        assertEquals("meta-llama/Llama-3.1-70B-Instruct", plan.environment().get("HF_MODEL_ID"));
        assertEquals(devices, plan.environment().get("NUM_SHARD"));
        assertEquals(devices, plan.environment().get("SM_NUM_GPUS"));
        assertEquals(devices, plan.environment().get("OPTION_TENSOR_PARALLEL_DEGREE"));
        assertEquals("8192", plan.environment().get("OPTION_MAX_MODEL_LEN"));
        assertEquals("4096", plan.environment().get("MAX_TOTAL_TOKENS"), "the spec's own value wins");
        assertTrue(plan.reasons().stream().anyMatch(r -> r.contains("tensor parallelism " + devices)), plan.reasons()::toString);
    }

    @Test
    void aPlanWithoutAModelIdPassesTheSpecsEnvironmentAlone() {
        EndpointSpec spec = EndpointSpec.builder("plain").image("registry.example.com/x:1").instanceType("ml.g5.xlarge")
                .environment("A", "1").build();
        DeploymentPlan plan = DeploymentPlanner.plan(AcceleratorCatalog.builtIn(), spec,
                PlatformFacts.of("aws", "aws", "sagemaker", "us-east-1"));
        assertEquals(java.util.Map.of("A", "1"), plan.environment());
        assertFalse(plan.reasons().stream().anyMatch(r -> r.contains("tensor parallelism")));
    }

    @Test
    void anEmbeddingServerGetsTheModelIdButNoTensorParallelism() {
        EndpointSpec spec = EndpointSpec.builder("vectors").image("registry.example.com/tei:1").instanceType("ml.g5.xlarge")
                .modelId("BAAI/bge-large-en-v1.5").servingProtocol(ServingProtocol.TEI).build();
        DeploymentPlan plan = DeploymentPlanner.plan(AcceleratorCatalog.builtIn(), spec,
                PlatformFacts.of("aws", "aws", "sagemaker", "us-east-1"));
        assertEquals("BAAI/bge-large-en-v1.5", plan.environment().get("HF_MODEL_ID"));
        assertFalse(plan.environment().containsKey("NUM_SHARD"));
    }

    @Test
    void maxModelLengthIsRangeChecked() {
        assertThrows(IllegalArgumentException.class, () -> EndpointSpec.builder("x-y-z").maxModelLength(0));
    }
}
