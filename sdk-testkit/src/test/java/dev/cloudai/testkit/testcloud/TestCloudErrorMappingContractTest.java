package dev.cloudai.testkit.testcloud;

import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.contract.ErrorMappingContract;

/** The ErrorMapping contract, end to end against testcloud: config, discovery, pipeline, HTTP, WireMock. */
class TestCloudErrorMappingContractTest extends ErrorMappingContract {
    @Override
    protected EmulatedCloud newCloud() {
        return new TestCloud();
    }
}
