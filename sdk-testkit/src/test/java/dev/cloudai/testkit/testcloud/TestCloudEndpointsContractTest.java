package dev.cloudai.testkit.testcloud;

import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.contract.EndpointsContract;

/** The Endpoints contract, end to end against testcloud: config, discovery, pipeline, HTTP, WireMock. */
class TestCloudEndpointsContractTest extends EndpointsContract {
    @Override
    protected EmulatedCloud newCloud() {
        return new TestCloud();
    }
}
