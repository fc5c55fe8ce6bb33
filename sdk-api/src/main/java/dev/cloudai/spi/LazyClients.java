package dev.cloudai.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The native clients of one provider, each built on first use, once, and closed together: an application that only
 * chats never builds its provider's deployment clients, and creating a provider builds nothing (a fast start, no I/O).
 * Thread-safe: callers racing on a client's first use get one client. {@link #close()} closes what was built, newest
 * first, so a client closes before the HTTP client it was built on; after it, nothing is built any more.
 *
 * <pre>{@code
 * LazyClients clients = new LazyClients("aws");
 * Supplier<SdkHttpClient> http = clients.add("http", () -> ApacheHttpClient.builder().build());
 * Supplier<BedrockRuntimeClient> bedrock = clients.add("bedrock",
 *         () -> BedrockRuntimeClient.builder().httpClient(http.get()).build());
 * bedrock.get();     // builds the HTTP client, then the Bedrock client; later calls return the same one
 * clients.built();   // [http, bedrock]
 * clients.close();   // closes bedrock, then http; nothing that was never built
 * }</pre>
 */
public final class LazyClients implements AutoCloseable {
    private final String provider;
    private final Object lock = new Object();
    private final List<Built> built = new ArrayList<>();   // guarded by lock, in the order built
    private volatile boolean closed;                       // written under lock

    /** @param provider the provider id, for messages */
    public LazyClients(String provider) {
        this.provider = Objects.requireNonNull(provider, "provider");
    }

    /**
     * A client built by {@code factory} on the first {@code get()}, closed by {@link #close()} if it was built.
     *
     * @param name a short name for {@link #built()}, for example {@code bedrock}
     */
    public <T extends AutoCloseable> Supplier<T> add(String name, Supplier<T> factory) {
        return add(name, factory, LazyClients::closeUnchecked);
    }

    /** Like {@link #add(String, Supplier)}, for a client closed some other way than {@link AutoCloseable#close()}. */
    public <T> Supplier<T> add(String name, Supplier<T> factory, Consumer<? super T> closer) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(closer, "closer");
        return new Holder<>(name, factory, closer);
    }

    /** The names of the clients built so far, in the order they were built. */
    public List<String> built() {
        synchronized (lock) {
            return built.stream().map(Built::name).toList();
        }
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Closes every client built, newest first, and refuses to build any after. Every client is closed even when one
     * fails; the first failure is thrown then, with the others suppressed. Idempotent; instant when nothing was built.
     *
     * @throws IllegalStateException when closing a client failed
     */
    @Override
    public void close() {
        List<Built> toClose;
        synchronized (lock) {
            if (closed) return;
            closed = true;
            toClose = new ArrayList<>(built);
        }
        RuntimeException failure = null;
        for (int i = toClose.size() - 1; i >= 0; i--) {
            try {
                toClose.get(i).close();
            } catch (RuntimeException e) {
                if (failure == null) failure = new IllegalStateException("closing the " + provider + " clients failed", e);
                else failure.addSuppressed(e);
            }
        }
        if (failure != null) throw failure;
    }

    @Override
    public String toString() {
        return "LazyClients[" + provider + ", built " + built() + (closed ? ", closed" : "") + "]";
    }

    private static void closeUnchecked(AutoCloseable c) {
        try {
            c.close();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private record Built(String name, Runnable closer) {
        void close() {
            closer.run();
        }
    }

    private final class Holder<T> implements Supplier<T> {
        private final String name;
        private final Supplier<T> factory;
        private final Consumer<? super T> closer;
        private volatile T value;

        Holder(String name, Supplier<T> factory, Consumer<? super T> closer) {
            this.name = name;
            this.factory = factory;
            this.closer = closer;
        }

        @Override
        public T get() {
            T v = value;
            if (v != null && !closed) return v;
            synchronized (lock) {   // one lock for all: a client's factory may build the clients it needs first
                if (closed) {
                    throw new IllegalStateException("the " + provider + " provider is closed; its " + name
                            + " client is not available any more");
                }
                v = value;
                if (v == null) {
                    v = Objects.requireNonNull(factory.get(), () -> "the factory of the " + provider + " " + name + " client returned null");
                    T client = v;
                    built.add(new Built(name, () -> closer.accept(client)));
                    value = v;
                }
                return v;
            }
        }

        @Override
        public String toString() {
            return provider + " " + name + (value != null ? " (built)" : "");
        }
    }
}
