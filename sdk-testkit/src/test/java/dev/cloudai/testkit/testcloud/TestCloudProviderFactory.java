package dev.cloudai.testkit.testcloud;

import dev.cloudai.spi.Provider;
import dev.cloudai.spi.ProviderConfig;
import dev.cloudai.spi.ProviderFactory;

/**
 * Provider {@code testcloud}, registered in this module's test resources. Its URL comes from the running
 * {@link TestCloud} of the same id (see there why not from a configuration key).
 */
public final class TestCloudProviderFactory implements ProviderFactory {
    @Override
    public String id() {
        return "testcloud";
    }

    @Override
    public Provider create(ProviderConfig config) {
        return new TestCloudProvider(config.providerId(), TestCloud.baseUrlOf(config.providerId()), TestCloud.flawsOf(config.providerId()));
    }
}
