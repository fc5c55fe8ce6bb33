package dev.cloudai.testkit.contract;

import dev.cloudai.CloudAi;
import dev.cloudai.config.ConfigKeys;
import dev.cloudai.deployment.Endpoint;
import dev.cloudai.deployment.EndpointSpec;
import dev.cloudai.deployment.EndpointStatus;
import dev.cloudai.testkit.Canned;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.RecordingListener;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Faults while a deployment waits for its endpoint: a throttled status read is ridden out and the endpoint still
 * reaches in service, with exactly one request more than a clean deploy. See {@link FaultContract}.
 *
 * <pre>{@code
 * class AwsDeploymentFaultsTest extends DeploymentFaultsContract {
 *     protected EmulatedCloud newCloud() { return new AwsCloud(); }
 *     protected void throttleNextDeploymentStatusRead(EmulatedCloud cloud) { ((AwsCloud) cloud).throttleNextStatusCheck(); }
 * }
 * }</pre>
 *
 * <p>Hooks: {@link #throttleNextDeploymentStatusRead} (required), {@link #endpointSpec()}.
 */
public abstract class DeploymentFaultsContract extends FaultContract {
    /**
     * Makes the next status read of a deployment in progress answer this cloud's throttle; the reads after it go on
     * as usual. Called on a reset emulator before {@code deploy}.
     */
    protected abstract void throttleNextDeploymentStatusRead(EmulatedCloud cloud);

    /** The spec the deployment test deploys; by default {@link Canned#endpointSpec(String)} of {@link Canned#INSTANCE_TYPE}. */
    protected EndpointSpec endpointSpec() {
        return Canned.endpointSpec(Canned.INSTANCE_TYPE);
    }

    @Test
    public final void aThrottledDeploymentStatusReadIsRiddenOutAndTheEndpointReachesInService() {
        int clean;
        try (CloudAi ai = CloudAi.create(baseConfig().property(ConfigKeys.DEPLOY_POLL_INTERVAL, "10ms").build())) {
            assertEquals(EndpointStatus.IN_SERVICE, ai.endpoints().deploy(endpointSpec()).status(), "a clean deploy");
            clean = cloud().requestCount();
        }
        cloud().reset();

        throttleNextDeploymentStatusRead(cloud());
        Endpoint endpoint = open(new RecordingListener(), c -> c.property(ConfigKeys.DEPLOY_POLL_INTERVAL, "10ms"))
                .endpoints().deploy(endpointSpec());
        assertEquals(EndpointStatus.IN_SERVICE, endpoint.status(), () -> "status of " + endpoint);
        assertEquals(endpointSpec().name(), endpoint.name(), "name");
        assertRequests(clean + 1, "a clean deploy's " + clean + " requests, plus the throttled status read");
    }
}
