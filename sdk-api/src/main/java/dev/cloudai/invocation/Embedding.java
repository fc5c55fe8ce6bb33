package dev.cloudai.invocation;

import java.util.Arrays;

/**
 * One embedding vector. Immutable: the array is copied in and out.
 *
 * <pre>{@code
 * float[] v = response.embeddings().get(0).vector();
 * }</pre>
 */
public final class Embedding {
    private final int index;
    private final float[] vector;

    /** An embedding for the input at {@code index}. */
    public Embedding(int index, float[] vector) {
        if (index < 0) throw new IllegalArgumentException("index: must not be negative, was " + index);
        if (vector == null || vector.length == 0) throw new IllegalArgumentException("vector: must not be empty");
        this.index = index;
        this.vector = vector.clone();
    }

    /** The position of the input this vector belongs to. */
    public int index() { return index; }

    /** A copy of the vector. */
    public float[] vector() { return vector.clone(); }

    /** The vector's length. */
    public int dimensions() { return vector.length; }

    /** One component, without copying the vector. */
    public float get(int i) { return vector[i]; }

    @Override
    public boolean equals(Object o) {
        return o instanceof Embedding e && index == e.index && Arrays.equals(vector, e.vector);
    }

    @Override
    public int hashCode() {
        return 31 * index + Arrays.hashCode(vector);
    }

    @Override
    public String toString() {
        return "Embedding[index=" + index + ", dimensions=" + vector.length + "]";
    }
}
