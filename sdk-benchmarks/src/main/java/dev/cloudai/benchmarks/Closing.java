package dev.cloudai.benchmarks;

/** Closes what a benchmark started, all of it even when one close fails. */
final class Closing {
    private Closing() {
    }

    /**
     * Closes each non-null resource in order.
     *
     * @throws IllegalStateException after trying them all, when one or more failed
     */
    static void all(AutoCloseable... resources) {
        IllegalStateException failure = null;
        for (AutoCloseable r : resources) {
            if (r == null) continue;
            try {
                r.close();
            } catch (Exception e) {
                if (failure == null) failure = new IllegalStateException("closing a benchmark resource failed", e);
                else failure.addSuppressed(e);
            }
        }
        if (failure != null) throw failure;
    }
}
