package dev.cloudai.testkit.testcloud;

import dev.cloudai.config.ConfigKeys;
import dev.cloudai.spi.Provider;
import dev.cloudai.spi.ProviderConfig;
import dev.cloudai.spi.ProviderFactory;

import java.util.List;
import java.util.Optional;

/**
 * Provider {@code testcloud}, registered in this module's test resources. Its URL comes from the running
 * {@link TestCloud} of the same id (see there why); its own key {@value #API_VERSION}, declared in {@link #keys()}
 * like any adapter outside this project declares its keys, is checked by {@code CloudAiConfig} and sent as a header.
 */
public final class TestCloudProviderFactory implements ProviderFactory {
    /** The wire API version the provider asks for, in header {@code x-api-version}. */
    public static final String API_VERSION = "cloudai.testcloud.api-version";

    @Override
    public String id() {
        return "testcloud";
    }

    @Override
    public List<ConfigKeys.Key> keys() {
        return List.of(new ConfigKeys.Key(API_VERSION, ConfigKeys.Type.POSITIVE_INT, false,
                "The testcloud wire API version to ask for, sent as header x-api-version.",
                Optional.of(new ConfigKeys.Range("1", "2")), Optional.of("1")));
    }

    @Override
    public Provider create(ProviderConfig config) {
        int version = config.get(API_VERSION).map(v -> Integer.parseInt(v.strip())).orElse(1);   // checked from 1 to 2 already
        return new TestCloudProvider(config.providerId(), TestCloud.baseUrlOf(config.providerId()),
                TestCloud.flawsOf(config.providerId()), version);
    }
}
