package dev.cloudai.fake;

import dev.cloudai.spi.Provider;
import dev.cloudai.spi.ProviderConfig;
import dev.cloudai.spi.ProviderFactory;

/** A second factory claiming the id "fake"; registered only by the duplicate-discovery test's class loader. */
public final class DuplicateFakeProviderFactory implements ProviderFactory {
    @Override
    public String id() {
        return "fake";
    }

    @Override
    public Provider create(ProviderConfig config) {
        return new FakeProvider(config);
    }
}
