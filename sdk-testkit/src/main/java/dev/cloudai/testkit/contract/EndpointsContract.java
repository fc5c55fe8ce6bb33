package dev.cloudai.testkit.contract;

import dev.cloudai.deployment.DeploymentPlan;
import dev.cloudai.deployment.Endpoint;
import dev.cloudai.deployment.EndpointSpec;
import dev.cloudai.deployment.EndpointStatus;
import dev.cloudai.deployment.Endpoints;
import dev.cloudai.deployment.InvokeRequest;
import dev.cloudai.deployment.InvokeResponse;
import dev.cloudai.errors.DeploymentFailedException;
import dev.cloudai.errors.NotFoundException;
import dev.cloudai.testkit.Canned;
import dev.cloudai.testkit.Fault;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The managed-endpoint contract: plan sends no request; deploy waits until the canned deployment is in service,
 * then get, list, invoke and delete behave the same on every cloud ({@link Canned} describes the lifecycle the
 * stubs serve); a deployment that fails ({@code EmulatedCloud.failNextDeployment}) throws
 * {@link DeploymentFailedException} on every cloud, and invoking an endpoint that was never deployed is a
 * {@link NotFoundException}.
 *
 * <pre>{@code
 * class AwsEndpointsContractTest extends EndpointsContract {
 *     protected EmulatedCloud newCloud() { return new AwsCloud(); }
 *     protected String instanceType() { return "ml.g5.xlarge"; }
 * }
 * }</pre>
 */
public abstract class EndpointsContract extends EmulatorContract {

    /** The instance type of the deployed spec; by default {@link Canned#INSTANCE_TYPE}. */
    protected String instanceType() {
        return Canned.INSTANCE_TYPE;
    }

    /** The spec the tests deploy; by default {@link Canned#endpointSpec(String)} with {@link #instanceType()}. */
    protected EndpointSpec endpointSpec() {
        return Canned.endpointSpec(instanceType());
    }

    /** The id of an endpoint that was never deployed, in the form this provider's ids take; by default {@code never-deployed}. */
    protected String neverDeployedEndpointId() {
        return "never-deployed";
    }

    /** The endpoints under test. */
    protected final Endpoints endpoints() {
        return ai().endpoints();
    }

    @Test
    public final void deployingASpecWithAnExplicitInstanceTypeWaitsUntilTheEndpointIsInService() {
        EndpointSpec spec = endpointSpec();
        Endpoint endpoint = endpoints().deploy(spec);

        assertEquals(EndpointStatus.IN_SERVICE, endpoint.status(), () -> "status of " + endpoint);
        assertEquals(spec.name(), endpoint.name(), "name");
        assertEquals(providerId(), endpoint.provider(), "provider");
        endpoint.instanceType().ifPresent(type -> assertEquals(instanceType(), type, "instanceType"));
        assertTrue(cloud().requestCount() >= 3,
                () -> "a create and at least two status reads (creating, then in service); the emulator saw "
                        + cloud().requestCount() + " requests");
    }

    /**
     * Planning reads the catalog, not the cloud: with every request failing, {@code plan} still answers and sends
     * nothing. The first plan may read where the platform is (an Azure ML workspace's location), once.
     */
    @Test
    public final void planSendsNoRequestSoItAnswersWhileTheCloudFails() {
        endpoints().plan(endpointSpec());
        int before = cloud().requestCount();
        cloud().inject(new Fault.ConnectionReset(), 10);

        DeploymentPlan plan = endpoints().plan(endpointSpec());

        assertTrue(plan.instanceType().equalsIgnoreCase(instanceType()), () -> "instanceType of " + plan);
        assertEquals(providerId(), plan.provider(), "provider");
        assertRequests(before, "plan sends no request");
    }

    @Test
    public final void getFindsTheDeployedEndpoint() {
        Endpoint deployed = endpoints().deploy(endpointSpec());
        Optional<Endpoint> found = endpoints().get(deployed.id());

        assertTrue(found.isPresent(), () -> "get(" + deployed.id() + ") found nothing");
        assertEquals(deployed.id(), found.get().id(), "id");
        assertEquals(deployed.name(), found.get().name(), "name");
        assertEquals(EndpointStatus.IN_SERVICE, found.get().status(), "status");
    }

    @Test
    public final void listContainsTheDeployedEndpoint() {
        Endpoint deployed = endpoints().deploy(endpointSpec());
        assertTrue(endpoints().list().stream().anyMatch(e -> e.id().equals(deployed.id())),
                () -> "list() lacks " + deployed.id() + ": " + endpoints().list());
    }

    @Test
    public final void invokeReturnsTheEndpointsAnswer() throws Exception {
        Endpoint deployed = endpoints().deploy(endpointSpec());
        InvokeRequest request = InvokeRequest.json(Canned.INVOKE_REQUEST_BODY);

        InvokeResponse answer = endpoints().invoke(deployed.id(), request);
        assertEquals(JsonText.compact(Canned.INVOKE_RESPONSE_BODY), JsonText.compact(answer.bodyAsString()), "body");
        assertTrue(answer.contentType().startsWith("application/json"), () -> "contentType " + answer.contentType());
        assertEquals(providerId(), answer.provider(), "provider");

        InvokeResponse async = endpoints().invokeAsync(deployed.id(), request).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals(JsonText.compact(Canned.INVOKE_RESPONSE_BODY), JsonText.compact(async.bodyAsString()), "async body");
    }

    @Test
    public final void deleteRemovesTheEndpointAndDeletingAgainSucceeds() {
        Endpoint deployed = endpoints().deploy(endpointSpec());

        endpoints().delete(deployed.id());
        assertEquals(Optional.empty(), endpoints().get(deployed.id()), "get after delete");
        assertFalse(endpoints().list().stream().anyMatch(e -> e.id().equals(deployed.id())), "list after delete");

        endpoints().delete(deployed.id());   // gone already: succeeds
    }

    @Test
    public final void aDeploymentThatFailsThrowsWithTheCloudsReasonAndLeavesTheEndpointToDelete() {
        String reason = "Quota exceeded for the instance type in this region";
        cloud().failNextDeployment(reason);
        EndpointSpec spec = endpointSpec();

        DeploymentFailedException e = assertThrows(DeploymentFailedException.class, () -> endpoints().deploy(spec),
                "a deployment the cloud reports failed must throw, as Endpoints.deploy documents");
        assertEquals(providerId(), e.providerId(), "providerId");
        assertEquals("deploy", e.operation(), "operation");
        assertTrue(e.reason().contains(reason), () -> "the cloud's reason: " + e.reason());
        assertTrue(e.getMessage().contains(reason) && e.getMessage().contains(e.endpointId()),
                () -> "the message names the reason and the endpoint: " + e.getMessage());
        assertTrue(e.providerCode().filter(c -> !c.isBlank()).isPresent(), () -> "the cloud's status or code: " + e);
        assertFalse(e.isRetryable(), "isRetryable");

        assertTrue(endpoints().get(e.endpointId()).isPresent(), () -> "the failed endpoint " + e.endpointId() + " stays to be inspected");
        endpoints().delete(e.endpointId());
        assertEquals(Optional.empty(), endpoints().get(e.endpointId()), "get after deleting the failed endpoint");
        assertEquals(EndpointStatus.IN_SERVICE, endpoints().deploy(spec).status(), "deploying again once it is deleted");
    }

    @Test
    public final void invokingAnEndpointThatWasNeverDeployedIsNotFound() {
        NotFoundException e = assertThrows(NotFoundException.class,
                () -> endpoints().invoke(neverDeployedEndpointId(), InvokeRequest.json(Canned.INVOKE_REQUEST_BODY)),
                () -> "invoke of endpoint " + neverDeployedEndpointId() + ", which was never deployed");
        assertEquals(providerId(), e.providerId(), "providerId");
        assertFalse(e.isRetryable(), "isRetryable");
        assertRequests(1, "a missing endpoint is not retried");
    }

    @Test
    public final void invalidArgumentsAreRejectedBeforeAnyRequestIsSent() {
        assertThrows(IllegalArgumentException.class, () -> endpoints().get(" "));
        assertThrows(IllegalArgumentException.class, () -> endpoints().delete(""));
        assertThrows(IllegalArgumentException.class, () -> endpoints().invoke(null, InvokeRequest.json(Canned.INVOKE_REQUEST_BODY)));
        assertThrows(NullPointerException.class, () -> endpoints().deploy(null));
        assertThrows(NullPointerException.class, () -> endpoints().invoke("some-endpoint", null));
        assertRequests(0, "invalid arguments fail before any request");
    }
}
