package dev.cloudai.spi;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value made on first use and then kept: for an adapter's costly or failing look-ups (a credential chain) that a
 * provider must not pay for at start-up. Thread-safe; made at most once, unless making
 * it throws, in which case the next {@code get()} tries again.
 *
 * <pre>{@code
 * Supplier<TokenCredential> credential = Lazy.of(AzureClients::defaultCredential, "credential");
 * }</pre>
 */
public final class Lazy<T> implements Supplier<T> {
    private final Supplier<? extends T> maker;
    private final String what;
    private volatile T value;

    private Lazy(Supplier<? extends T> maker, String what) {
        this.maker = maker;
        this.what = what;
    }

    /**
     * A lazy value made by {@code maker}, which must not return {@code null}.
     *
     * @param what names the value in the exception when {@code maker} returns {@code null}
     */
    public static <T> Lazy<T> of(Supplier<? extends T> maker, String what) {
        return new Lazy<>(Objects.requireNonNull(maker, "maker"), Objects.requireNonNull(what, "what"));
    }

    @Override
    public T get() {
        T v = value;
        if (v == null) {
            synchronized (this) {
                v = value;
                if (v == null) value = v = Objects.requireNonNull(maker.get(), () -> what + ": was made null");
            }
        }
        return v;
    }
}
