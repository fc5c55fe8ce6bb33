package dev.cloudai.accelerator;

import dev.cloudai.internal.util.Arguments;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One kind of accelerator in the reference table: its canonical name, the spellings each cloud uses for it, and
 * its published figures.
 *
 * <pre>{@code
 * Accelerator h100 = AcceleratorCatalog.builtIn().accelerator("NVIDIA_H100_80GB").orElseThrow();
 * System.out.println(h100.name() + " " + h100.memoryGib() + " GiB, " + h100.vendor());
 * }</pre>
 *
 * @param name the canonical name, for example {@code H100}, {@code Inferentia2}, {@code TPU-v5e}
 * @param aliases other spellings, matched case-insensitively with {@code _} and {@code -} alike
 * @param vendor {@code nvidia}, {@code aws}, {@code google} or {@code amd}
 * @param memoryGib memory per device
 * @param memoryBandwidthGbps memory bandwidth in GB/s, when published
 * @param bf16Tflops dense BF16 TFLOPS, when published
 * @param int8Tops dense INT8 TOPS, when published
 * @param intendedUse what the vendor positions it for
 * @param source where the figures come from
 */
public record Accelerator(String name, List<String> aliases, String vendor, double memoryGib,
                          OptionalDouble memoryBandwidthGbps, OptionalDouble bf16Tflops, OptionalDouble int8Tops,
                          String intendedUse, String source) {

    public Accelerator {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("name: must not be blank");
        aliases = Arguments.listOf(aliases, "aliases");
        if (vendor == null || vendor.isBlank()) throw new IllegalArgumentException("vendor: must not be blank");
        vendor = vendor.strip().toLowerCase(Locale.ROOT);
        if (!(memoryGib > 0)) throw new IllegalArgumentException("memoryGib: must be positive, was " + memoryGib);
        Objects.requireNonNull(memoryBandwidthGbps, "memoryBandwidthGbps");
        Objects.requireNonNull(bf16Tflops, "bf16Tflops");
        Objects.requireNonNull(int8Tops, "int8Tops");
        intendedUse = intendedUse == null ? "" : intendedUse;
        source = source == null ? "" : source;
    }

    /** The form names are compared in: lower case, with {@code _} and spaces read as {@code -}. */
    public static String normalize(String name) {
        return Objects.requireNonNull(name, "name").strip().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
    }
}
