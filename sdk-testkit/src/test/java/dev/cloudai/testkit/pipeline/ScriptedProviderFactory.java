package dev.cloudai.testkit.pipeline;

import dev.cloudai.spi.Provider;
import dev.cloudai.spi.ProviderConfig;
import dev.cloudai.spi.ProviderFactory;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Providers {@code scripted} and {@code scriptedbackup}, registered in this module's test resources: in-memory
 * {@link ScriptedProvider}s, two so that a fallback has somewhere to move on to. Their async streams deliver on one
 * shared pool of daemon threads.
 *
 * <pre>{@code
 * CloudAi ai = CloudAi.create(CloudAiConfig.builder().provider("scripted").fallback("scriptedbackup")
 *         .model("chat", "scripted", "async-unavailable").model("chat", "scriptedbackup", "async-items").build());
 * }</pre>
 */
public abstract class ScriptedProviderFactory implements ProviderFactory {
    /** Where async scripts deliver; daemon threads, so they never keep a test JVM alive. */
    static final ExecutorService ASYNC = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "scripted-upstream");
        t.setDaemon(true);
        return t;
    });

    @Override
    public Provider create(ProviderConfig config) {
        return new ScriptedProvider(config.providerId(), ASYNC);
    }

    /** Provider {@code scripted}. */
    public static final class Primary extends ScriptedProviderFactory {
        @Override
        public String id() {
            return "scripted";
        }
    }

    /** Provider {@code scriptedbackup}, the next route of a fallback. */
    public static final class Backup extends ScriptedProviderFactory {
        @Override
        public String id() {
            return "scriptedbackup";
        }
    }
}
