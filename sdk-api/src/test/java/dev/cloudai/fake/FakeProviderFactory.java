package dev.cloudai.fake;

import dev.cloudai.spi.Provider;
import dev.cloudai.spi.ProviderConfig;
import dev.cloudai.spi.ProviderFactory;

/** Registered only in this module's test resources: proves discovery and the whole call path without a cloud. */
public final class FakeProviderFactory implements ProviderFactory {
    @Override
    public String id() {
        return "fake";
    }

    @Override
    public Provider create(ProviderConfig config) {
        return new FakeProvider(config);
    }
}
