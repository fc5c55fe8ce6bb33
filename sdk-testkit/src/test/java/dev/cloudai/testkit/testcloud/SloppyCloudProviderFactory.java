package dev.cloudai.testkit.testcloud;

import dev.cloudai.spi.Provider;
import dev.cloudai.spi.ProviderConfig;
import dev.cloudai.spi.ProviderFactory;

/**
 * Provider {@code sloppycloud}: testcloud's wire API, with the {@link Flaw}s its {@link TestCloud} was created with.
 * A second id keeps the flawed runs apart from the real ones; only the tests that prove the contracts can fail
 * use it.
 */
public final class SloppyCloudProviderFactory implements ProviderFactory {
    @Override
    public String id() {
        return "sloppycloud";
    }

    @Override
    public Provider create(ProviderConfig config) {
        return new TestCloudProvider(config.providerId(), TestCloud.baseUrlOf(config.providerId()), TestCloud.flawsOf(config.providerId()));
    }
}
