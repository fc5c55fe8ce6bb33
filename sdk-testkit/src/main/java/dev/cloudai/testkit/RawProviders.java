package dev.cloudai.testkit;

import dev.cloudai.spi.Provider;
import dev.cloudai.spi.ProviderConfig;
import dev.cloudai.spi.ProviderFactory;

import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * A provider made by its factory the way {@code CloudAi} makes it, but without the call pipeline around it: for an
 * adapter's own tests that look inside their provider (which clients it built, what it closed). Applications never
 * need this; {@code CloudAi.unwrap} reaches the native clients.
 *
 * <pre>{@code
 * try (AwsProvider aws = (AwsProvider) RawProviders.create("aws", EMULATOR.properties("aws"))) {
 *     aws.chatModel(model).chat(ChatRequest.ofUser("Hello"));
 *     assertEquals(List.of("credentials", "http", "bedrock"), aws.clients().built());
 * }
 * }</pre>
 */
public final class RawProviders {
    private RawProviders() {
    }

    /**
     * The provider {@code id}'s factory, found with {@link ServiceLoader}, makes a provider from the keys of
     * {@code properties} that are its own ({@code cloudai.<id>.*}) or shared ({@code cloudai.http.*} and the like), as
     * {@code CloudAi} hands them over; the rest (say {@code cloudai.provider}) are left out.
     *
     * @throws IllegalArgumentException when no factory on the class path has that id
     */
    public static Provider create(String id, Map<String, String> properties) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(properties, "properties");
        for (ProviderFactory factory : ServiceLoader.load(ProviderFactory.class, RawProviders.class.getClassLoader())) {
            if (!factory.id().equals(id)) continue;
            Map<String, String> own = new java.util.TreeMap<>();
            properties.forEach((key, value) -> {
                if (key.startsWith("cloudai." + id + ".") || ProviderConfig.isShared(key)) own.put(key, value);
            });
            return factory.create(ProviderConfig.of(id, own, factory.keys()));
        }
        throw new IllegalArgumentException("id: no ProviderFactory with id '" + id + "' is on the class path");
    }
}
