package dev.cloudai.spi;

import java.util.Iterator;
import java.util.Objects;
import java.util.Spliterator;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Streams read one after another, each made only when the one before it is used up (and closed then): what an
 * adapter needs to stream a batch job's results from several output files with one download open at a time. Not
 * {@code flatMap} (iterating a flat-mapped stream, as the core does, buffers each whole inner stream: a whole output
 * file) nor {@code Stream.concat} of suppliers (it asks each for its size, which would open them all at once).
 *
 * <pre>{@code
 * Iterator<Supplier<Stream<String>>> files = objects.stream().map(o -> (Supplier<Stream<String>>) () -> lines(o)).iterator();
 * try (Stream<String> all = StreamChain.oneAfterAnother(files, false)) {
 *     all.forEach(System.out::println);   // file by file; closing closes the one open
 * }
 * }</pre>
 */
public final class StreamChain {
    private StreamChain() {
    }

    /**
     * The streams {@code parts} makes, one after another; the first one now when {@code openFirst} (so that a
     * failure to open it is thrown here, not at the first read); closing the returned stream closes the open one.
     */
    public static <T> Stream<T> oneAfterAnother(Iterator<Supplier<Stream<T>>> parts, boolean openFirst) {
        Chain<T> chain = new Chain<>(Objects.requireNonNull(parts, "parts"));
        if (openFirst) chain.next();
        return StreamSupport.stream(chain, false).onClose(chain::close);
    }

    private static final class Chain<T> implements Spliterator<T> {
        private final Iterator<Supplier<Stream<T>>> parts;
        private Stream<T> stream;
        private Spliterator<T> source;

        Chain(Iterator<Supplier<Stream<T>>> parts) {
            this.parts = parts;
        }

        /** Opens the next part; false when there is none. */
        boolean next() {
            if (!parts.hasNext()) return false;
            stream = parts.next().get();
            source = stream.spliterator();
            return true;
        }

        @Override
        public boolean tryAdvance(Consumer<? super T> action) {
            while (true) {
                if (source == null && !next()) return false;
                if (source.tryAdvance(action)) return true;
                close();
            }
        }

        @Override
        public Spliterator<T> trySplit() {
            return null;
        }

        @Override
        public long estimateSize() {
            return Long.MAX_VALUE;
        }

        @Override
        public int characteristics() {
            return ORDERED;
        }

        void close() {
            Stream<T> open = stream;
            stream = null;
            source = null;
            if (open != null) open.close();
        }
    }
}
