package dev.cloudai.accelerator;

/**
 * The numeric precision model weights are held in; it decides how much accelerator memory a model needs.
 *
 * <pre>{@code
 * double gib = Precision.BF16.weightsGib(70);   // 70B parameters in BF16: about 130 GiB
 * }</pre>
 */
public enum Precision {
    FP32(4.0), FP16(2.0), BF16(2.0), FP8(1.0), INT8(1.0), INT4(0.5);

    private static final double GIB = 1024.0 * 1024.0 * 1024.0;

    private final double bytesPerParameter;

    Precision(double bytesPerParameter) {
        this.bytesPerParameter = bytesPerParameter;
    }

    /** Bytes one parameter takes. */
    public double bytesPerParameter() {
        return bytesPerParameter;
    }

    /** GiB the weights of a model with {@code billionsOfParameters} take, before any overhead. */
    public double weightsGib(double billionsOfParameters) {
        if (!(billionsOfParameters > 0)) {
            throw new IllegalArgumentException("billionsOfParameters: must be positive, was " + billionsOfParameters);
        }
        return billionsOfParameters * 1e9 * bytesPerParameter / GIB;
    }
}
