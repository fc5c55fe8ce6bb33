package dev.cloudai.gcp;

import com.google.cloud.aiplatform.v1.AcceleratorType;
import com.google.cloud.aiplatform.v1.CreateEndpointRequest;
import com.google.cloud.aiplatform.v1.DedicatedResources;
import com.google.cloud.aiplatform.v1.DeleteEndpointRequest;
import com.google.cloud.aiplatform.v1.DeleteModelRequest;
import com.google.cloud.aiplatform.v1.DeployModelRequest;
import com.google.cloud.aiplatform.v1.DeployedModel;
import com.google.cloud.aiplatform.v1.EnvVar;
import com.google.cloud.aiplatform.v1.MachineSpec;
import com.google.cloud.aiplatform.v1.Model;
import com.google.cloud.aiplatform.v1.ModelContainerSpec;
import com.google.cloud.aiplatform.v1.PredictRequest;
import com.google.cloud.aiplatform.v1.RawPredictRequest;
import com.google.cloud.aiplatform.v1.UndeployModelRequest;
import com.google.cloud.aiplatform.v1.UploadModelRequest;
import com.google.longrunning.GetOperationRequest;
import com.google.protobuf.Value;
import dev.cloudai.CloudAi;
import dev.cloudai.accelerator.AcceleratorRequirement;
import dev.cloudai.accelerator.Precision;
import dev.cloudai.accelerator.Workload;
import dev.cloudai.config.RetrySettings;
import dev.cloudai.deployment.DeploymentPlan;
import dev.cloudai.deployment.Endpoint;
import dev.cloudai.deployment.EndpointSpec;
import dev.cloudai.deployment.EndpointStatus;
import dev.cloudai.deployment.InvokeRequest;
import dev.cloudai.deployment.InvokeResponse;
import dev.cloudai.errors.CloudAiException;
import dev.cloudai.errors.DeadlineExceededException;
import dev.cloudai.testkit.CloudEmulatorExtension;
import dev.cloudai.testkit.Canned;
import dev.cloudai.testkit.gcp.GcpCloud;
import dev.cloudai.testkit.gcp.RecordedCall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The exact Endpoint, Model, Operations and Prediction calls of deploy, resume, delete and invoke. */
class GcpEndpointsWireTest {
    private static final String PARENT = "projects/" + GcpCloud.PROJECT + "/locations/" + GcpCloud.LOCATION;

    @RegisterExtension
    static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(new GcpCloud());

    private static GcpCloud cloud() {
        return EMULATOR.emulator().cloud("gcp", GcpCloud.class);
    }

    private static CloudAi newCloudAi() {
        return CloudAi.create(EMULATOR.config("gcp").property("cloudai.deploy.poll-interval", "10ms")
                .retry(RetrySettings.builder().maxAttempts(3)
                        .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(5)).build()).build());
    }

    private static EndpointSpec spec(String instanceType) {
        return EndpointSpec.builder(Canned.ENDPOINT_NAME).image(Canned.ENDPOINT_IMAGE).modelUri("gs://bucket/model/")
                .environment("MODEL_ID", "llama").instanceType(instanceType).instanceCount(2)
                .executionRole("serving@emulator-project.iam.gserviceaccount.com").timeout(Duration.ofSeconds(10)).build();
    }

    private static List<String> methods() {
        return methodsSince(0);
    }

    /** The methods called after the first {@code from} calls. */
    private static List<String> methodsSince(int from) {
        List<String> all = cloud().calls().stream().map(RecordedCall::method).toList();
        return all.subList(from, all.size());
    }

    @Test
    void deployUploadsTheModelCreatesTheEndpointDeploysWithTheMachineSpecAndPollsTheOperation() {
        Endpoint endpoint;
        try (CloudAi ai = newCloudAi()) {
            endpoint = ai.endpoints().deploy(spec("g2-standard-24"));
        }
        assertEquals(GcpCloud.ENDPOINT, endpoint.id(), "the id is the endpoint's resource name");
        assertEquals(EndpointStatus.IN_SERVICE, endpoint.status());
        assertEquals(List.of(GcpCloud.LIST_ENDPOINTS, GcpCloud.CREATE_ENDPOINT, GcpCloud.LIST_MODELS, GcpCloud.UPLOAD_MODEL,
                GcpCloud.DEPLOY_MODEL, GcpCloud.GET_OPERATION, GcpCloud.GET_OPERATION, GcpCloud.GET_ENDPOINT), methods());

        assertEquals(CreateEndpointRequest.newBuilder().setParent(PARENT)
                        .setEndpoint(com.google.cloud.aiplatform.v1.Endpoint.newBuilder().setDisplayName(Canned.ENDPOINT_NAME)).build(),
                cloud().calls(GcpCloud.CREATE_ENDPOINT).get(0).request(CreateEndpointRequest.getDefaultInstance()));
        assertEquals(UploadModelRequest.newBuilder().setParent(PARENT).setModel(Model.newBuilder()
                        .setDisplayName(Canned.ENDPOINT_NAME).setArtifactUri("gs://bucket/model/")
                        .setContainerSpec(ModelContainerSpec.newBuilder().setImageUri(Canned.ENDPOINT_IMAGE)
                                .addEnv(EnvVar.newBuilder().setName("MODEL_ID").setValue("llama")))).build(),
                cloud().calls(GcpCloud.UPLOAD_MODEL).get(0).request(UploadModelRequest.getDefaultInstance()));
        assertEquals(DeployModelRequest.newBuilder().setEndpoint(GcpCloud.ENDPOINT)
                        .setDeployedModel(DeployedModel.newBuilder().setModel(GcpCloud.MODEL).setDisplayName(Canned.ENDPOINT_NAME)
                                .setServiceAccount("serving@emulator-project.iam.gserviceaccount.com")
                                .setDedicatedResources(DedicatedResources.newBuilder()
                                        .setMachineSpec(MachineSpec.newBuilder().setMachineType("g2-standard-24")
                                                .setAcceleratorType(AcceleratorType.NVIDIA_L4).setAcceleratorCount(2))
                                        .setMinReplicaCount(2).setMaxReplicaCount(2)))
                        .putTrafficSplit("0", 100).build(),
                cloud().calls(GcpCloud.DEPLOY_MODEL).get(0).request(DeployModelRequest.getDefaultInstance()));
        assertEquals(GcpCloud.ENDPOINT + "/operations/3003",
                cloud().calls(GcpCloud.GET_OPERATION).get(0).request(GetOperationRequest.getDefaultInstance()).getName());
    }

    @Test
    void aTpuServingShapeCarriesNoAcceleratorTypeAndAnA100GetsVertexsEnumName() {
        try (CloudAi ai = newCloudAi()) {
            ai.endpoints().deploy(spec("ct5lp-hightpu-4t"));
        }
        assertEquals(MachineSpec.newBuilder().setMachineType("ct5lp-hightpu-4t").build(), cloud().calls(GcpCloud.DEPLOY_MODEL)
                .get(0).request(DeployModelRequest.getDefaultInstance()).getDeployedModel().getDedicatedResources().getMachineSpec());

        try (CloudAi ai = newCloudAi()) {
            DeploymentPlan plan = ai.endpoints().plan(spec("a2-highgpu-1g"));
            assertEquals("a2-highgpu-1g", plan.instanceType());
        }
    }

    @Test
    void anAcceleratorRequirementChoosesAVertexOfferAndItsGpusGoOnTheWire(@TempDir Path dir) throws Exception {
        // the built-in catalog has no price for the Vertex a3-highgpu-8g, and selection never chooses an offer without one: price a row
        Path catalog = Files.writeString(dir.resolve("catalog.csv"), "cloud,platform,region,instance_type,accelerator,"
                + "accelerator_count,accelerator_memory_gib,vcpus,memory_gib,network_gbps,price_per_hour,spot_price_per_hour,"
                + "workloads,notes\ngcp,vertex,us-central1,a3-highgpu-8g,H100,8,80,208,1872,,88.49,,inference,test price\n");
        EndpointSpec spec = EndpointSpec.builder(Canned.ENDPOINT_NAME).image(Canned.ENDPOINT_IMAGE)
                .accelerator(AcceleratorRequirement.builder().workload(Workload.INFERENCE).accelerators("H100")
                        .minAcceleratorCount(8).build())   // the built-in a3-highgpu-1g has a cited price too
                .timeout(Duration.ofSeconds(10)).build();
        try (CloudAi ai = CloudAi.create(EMULATOR.config("gcp").property("cloudai.deploy.poll-interval", "10ms")
                .property("cloudai.catalog.file", catalog.toString()).build())) {
            DeploymentPlan plan = ai.endpoints().plan(spec);
            assertEquals("a3-highgpu-8g", plan.instanceType());
            assertEquals(0, cloud().requestCount(), "plan changes nothing and asks the cloud nothing");
            ai.endpoints().deploy(spec);
        }
        assertEquals(MachineSpec.newBuilder().setMachineType("a3-highgpu-8g").setAcceleratorType(AcceleratorType.NVIDIA_H100_80GB)
                        .setAcceleratorCount(8).build(),
                cloud().calls(GcpCloud.DEPLOY_MODEL).get(0).request(DeployModelRequest.getDefaultInstance())
                        .getDeployedModel().getDedicatedResources().getMachineSpec());
    }

    @Test
    void aModelIdUploadsTheModelWithThePlansServingEnvironmentTheSpecsOwnValuesWinning(@TempDir Path dir) throws Exception {
        // 70B parameters in BF16 need about 140 GiB for the weights: the 4 A100 80GB fit, the 4 L4 (96 GiB) do not
        Path catalog = Files.writeString(dir.resolve("catalog.csv"), "cloud,platform,region,instance_type,accelerator,"
                + "accelerator_count,accelerator_memory_gib,vcpus,memory_gib,network_gbps,price_per_hour,spot_price_per_hour,"
                + "workloads,notes\n"
                + "gcp,vertex,us-central1,g2-standard-48,L4,4,24,48,192,,4.00,,inference,test price\n"
                + "gcp,vertex,us-central1,a2-ultragpu-4g,A100-80GB,4,80,48,680,,20.00,,inference,test price\n"
                + "gcp,vertex,us-central1,a3-highgpu-8g,H100,8,80,208,1872,,88.49,,inference,test price\n");
        EndpointSpec spec = EndpointSpec.builder(Canned.ENDPOINT_NAME).image(Canned.ENDPOINT_IMAGE)
                .modelId("meta-llama/Llama-3.1-70B-Instruct")
                .accelerator(AcceleratorRequirement.builder().workload(Workload.INFERENCE).modelSize(70, Precision.BF16).build())
                .environment("NUM_SHARD", "2").environment("HF_TOKEN", "hf_secret")
                .timeout(Duration.ofSeconds(10)).build();
        DeploymentPlan plan;
        try (CloudAi ai = CloudAi.create(EMULATOR.config("gcp").property("cloudai.deploy.poll-interval", "10ms")
                .property("cloudai.catalog.file", catalog.toString()).build())) {
            plan = ai.endpoints().plan(spec);
            ai.endpoints().deploy(spec);
        }
        assertEquals("a2-ultragpu-4g", plan.instanceType());
        String devices = Integer.toString((int) plan.offer().acceleratorCount());
        assertEquals("4", devices, "the chosen machine's accelerators");
        assertEquals(UploadModelRequest.newBuilder().setParent(PARENT).setModel(Model.newBuilder()
                        .setDisplayName(Canned.ENDPOINT_NAME)
                        .setContainerSpec(ModelContainerSpec.newBuilder().setImageUri(Canned.ENDPOINT_IMAGE)
                                .addEnv(env("HF_MODEL_ID", "meta-llama/Llama-3.1-70B-Instruct"))
                                .addEnv(env("SM_NUM_GPUS", devices))
                                .addEnv(env("NUM_SHARD", "2"))          // the spec's own value wins
                                .addEnv(env("OPTION_TENSOR_PARALLEL_DEGREE", devices))
                                .addEnv(env("HF_TOKEN", "hf_secret")))).build(),
                cloud().calls(GcpCloud.UPLOAD_MODEL).get(0).request(UploadModelRequest.getDefaultInstance()));
        assertEquals(MachineSpec.newBuilder().setMachineType("a2-ultragpu-4g").setAcceleratorType(AcceleratorType.NVIDIA_A100_80GB)
                        .setAcceleratorCount(4).build(),
                cloud().calls(GcpCloud.DEPLOY_MODEL).get(0).request(DeployModelRequest.getDefaultInstance())
                        .getDeployedModel().getDedicatedResources().getMachineSpec());
    }

    private static EnvVar env(String name, String value) {
        return EnvVar.newBuilder().setName(name).setValue(value).build();
    }

    @Test
    void aDeploymentThatFailsInTheCloudThrowsWithTheReasonAndTheEndpointToDelete() {
        cloud().server().stubFor(post(urlPathEqualTo("/google.longrunning.Operations/GetOperation")).atPriority(1)
                .willReturn(aResponse().withHeader("grpc-status-name", "OK").withBody("{\"name\":\"op\",\"done\":true,"
                        + "\"error\":{\"code\":8,\"message\":\"The following quota metrics exceed quota limits:"
                        + " aiplatform.googleapis.com/custom_model_serving_nvidia_l4_gpus\"}}")));
        try (CloudAi ai = newCloudAi()) {
            CloudAiException e = assertThrows(CloudAiException.class, () -> ai.endpoints().deploy(spec("g2-standard-8")));
            assertTrue(e.getMessage().contains("custom_model_serving_nvidia_l4_gpus") && e.getMessage().contains(GcpCloud.ENDPOINT),
                    e::getMessage);
            assertEquals("deploy", e.operation());
            assertFalse(e.isRetryable());
        }
    }

    @Test
    void theEndpointReadBackHasTheSpecsNameMachineTypeAndReplicas() {
        EndpointSpec spec = EndpointSpec.builder("my-llm").image(Canned.ENDPOINT_IMAGE).instanceType("g2-standard-4")
                .instanceCount(2).timeout(Duration.ofSeconds(10)).build();
        try (CloudAi ai = newCloudAi()) {
            Endpoint deployed = ai.endpoints().deploy(spec);
            Endpoint read = ai.endpoints().get(deployed.id()).orElseThrow();
            assertEquals("my-llm", read.name(), "the display name the spec gave");
            assertEquals(Optional.of("g2-standard-4"), read.instanceType(), "the machine type the plan chose");
            assertEquals(2, read.instanceCount(), "the replicas the spec asked for");
            assertEquals(List.of("my-llm"), ai.endpoints().list().stream().map(Endpoint::name).toList());
        }
    }

    @Test
    void redeployingTheSameNameResumesInsteadOfCreatingASecondEndpoint() {
        try (CloudAi ai = newCloudAi()) {
            Endpoint first = ai.endpoints().deploy(spec("g2-standard-8"));
            Endpoint again = ai.endpoints().deploy(spec("g2-standard-8"));
            assertEquals(first.id(), again.id());
            assertEquals(EndpointStatus.IN_SERVICE, again.status());
        }
        assertEquals(1, cloud().calls(GcpCloud.CREATE_ENDPOINT).size());
        assertEquals(1, cloud().calls(GcpCloud.DEPLOY_MODEL).size());
        assertEquals(1, cloud().calls(GcpCloud.UPLOAD_MODEL).size());
    }

    @Test
    void aDeployThatFindsItsDeploymentRunningWaitsForItInsteadOfStartingAnother() {
        EndpointSpec hurried = EndpointSpec.builder(Canned.ENDPOINT_NAME).image(Canned.ENDPOINT_IMAGE)
                .instanceType("g2-standard-8").timeout(Duration.ofMillis(1)).build();
        int before;
        try (CloudAi ai = newCloudAi()) {
            // times out at its first status read, with the deployment under way
            assertThrows(DeadlineExceededException.class, () -> ai.endpoints().deploy(hurried));
            before = cloud().calls().size();
            assertEquals(EndpointStatus.IN_SERVICE, ai.endpoints().deploy(spec("g2-standard-8")).status());
        }
        assertEquals(List.of(GcpCloud.LIST_ENDPOINTS, GcpCloud.LIST_OPERATIONS, GcpCloud.GET_OPERATION, GcpCloud.GET_ENDPOINT),
                methodsSince(before));
    }

    @Test
    void aDeployPastItsTimeoutFailsWithDeadlineExceededAndTheNextDeployResumes() {
        EndpointSpec hurried = EndpointSpec.builder(Canned.ENDPOINT_NAME).image(Canned.ENDPOINT_IMAGE)
                .instanceType("g2-standard-8").timeout(Duration.ofMillis(1)).build();
        try (CloudAi ai = newCloudAi()) {
            DeadlineExceededException e = assertThrows(DeadlineExceededException.class, () -> ai.endpoints().deploy(hurried));
            assertTrue(e.getMessage().contains("call it again to resume"), e::getMessage);
            assertEquals(EndpointStatus.IN_SERVICE, ai.endpoints().deploy(spec("g2-standard-8")).status());
        }
        assertEquals(1, cloud().calls(GcpCloud.CREATE_ENDPOINT).size());
        assertEquals(1, cloud().calls(GcpCloud.DEPLOY_MODEL).size());
    }

    @Test
    void aMachineTypeVertexDoesNotServeIsRejectedWithTheNearestValidOffersBeforeAnyCall() {
        try (CloudAi ai = newCloudAi()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ai.endpoints().plan(spec("ml.g5.xlarge")));
            assertTrue(e.getMessage().contains("instanceType") && e.getMessage().contains("g2-standard"), e::getMessage);
        }
        assertEquals(0, cloud().requestCount());
    }

    @Test
    void deleteUndeploysDeletesTheEndpointThenTheModelAndAGoneEndpointIsFine() {
        int before;
        try (CloudAi ai = newCloudAi()) {
            Endpoint endpoint = ai.endpoints().deploy(spec("g2-standard-8"));
            before = cloud().calls().size();
            ai.endpoints().delete("1001");   // the numeric id works as well as the resource name
            assertEquals(Optional.empty(), ai.endpoints().get(endpoint.id()));
            ai.endpoints().delete(endpoint.id());
        }
        assertEquals(List.of(GcpCloud.GET_ENDPOINT, GcpCloud.UNDEPLOY_MODEL, GcpCloud.DELETE_ENDPOINT, GcpCloud.DELETE_MODEL,
                GcpCloud.GET_ENDPOINT, GcpCloud.GET_ENDPOINT), methodsSince(before));
        assertEquals(UndeployModelRequest.newBuilder().setEndpoint(GcpCloud.ENDPOINT).setDeployedModelId("4004").build(),
                cloud().calls(GcpCloud.UNDEPLOY_MODEL).get(0).request(UndeployModelRequest.getDefaultInstance()));
        assertEquals(DeleteEndpointRequest.newBuilder().setName(GcpCloud.ENDPOINT).build(),
                cloud().calls(GcpCloud.DELETE_ENDPOINT).get(0).request(DeleteEndpointRequest.getDefaultInstance()));
        assertEquals(DeleteModelRequest.newBuilder().setName(GcpCloud.MODEL).build(),
                cloud().calls(GcpCloud.DELETE_MODEL).get(0).request(DeleteModelRequest.getDefaultInstance()));
    }

    @Test
    void invokeSendsJsonInstancesThroughPredictAndOtherBodiesThroughRawPredict() throws Exception {
        int before;
        try (CloudAi ai = newCloudAi()) {
            Endpoint endpoint = ai.endpoints().deploy(spec("g2-standard-8"));
            before = cloud().calls().size();

            InvokeResponse predicted = ai.endpoints().invoke(endpoint.id(),
                    InvokeRequest.json("{\"instances\":[{\"prompt\":\"Hi\"}],\"parameters\":{\"maxTokens\":5}}"));
            assertEquals("{\"predictions\":[{\"outputs\":\"Hello from the endpoint\"}],\"deployedModelId\":\"4004\","
                    + "\"model\":\"" + GcpCloud.MODEL + "\"}", predicted.bodyAsString());
            assertEquals("application/json", predicted.contentType());

            InvokeResponse raw = ai.endpoints().invokeAsync(endpoint.id(),
                    InvokeRequest.of("1,2,3".getBytes(StandardCharsets.UTF_8), "text/csv")).get();
            assertEquals(Canned.INVOKE_RESPONSE_BODY, raw.bodyAsString());
        }
        assertEquals(List.of(GcpCloud.PREDICT, GcpCloud.RAW_PREDICT), methodsSince(before));
        PredictRequest predict = cloud().calls(GcpCloud.PREDICT).get(0).request(PredictRequest.getDefaultInstance());
        assertEquals(GcpCloud.ENDPOINT, predict.getEndpoint());
        assertEquals("Hi", predict.getInstances(0).getStructValue().getFieldsOrThrow("prompt").getStringValue());
        assertEquals(Value.newBuilder().setNumberValue(5).build(), predict.getParameters().getStructValue().getFieldsOrThrow("maxTokens"));
        RawPredictRequest raw = cloud().calls(GcpCloud.RAW_PREDICT).get(0).request(RawPredictRequest.getDefaultInstance());
        assertEquals("text/csv", raw.getHttpBody().getContentType());
        assertEquals("1,2,3", raw.getHttpBody().getData().toStringUtf8());
    }
}
