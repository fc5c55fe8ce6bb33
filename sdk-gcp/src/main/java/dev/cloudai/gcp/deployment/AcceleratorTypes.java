package dev.cloudai.gcp.deployment;

import com.google.cloud.aiplatform.v1.AcceleratorType;
import com.google.cloud.aiplatform.v1.MachineSpec;
import dev.cloudai.accelerator.Offer;

import java.util.Locale;
import java.util.Map;

/**
 * The machine spec of a catalog offer: the machine type, plus Vertex's accelerator type and count for a GPU. The
 * catalog's canonical accelerator names map to Vertex's {@code AcceleratorType} enum; a TPU serving shape
 * ({@code ct5lp-hightpu-*}, {@code ct6e-standard-*}) carries no accelerator type, its machine type implies the TPU.
 * No K80: the catalog has no K80 offer, and the API deprecates {@code NVIDIA_TESLA_K80} (the GPU is retired).
 */
final class AcceleratorTypes {
    private static final Map<String, AcceleratorType> GPUS = Map.ofEntries(
            Map.entry("T4", AcceleratorType.NVIDIA_TESLA_T4),
            Map.entry("L4", AcceleratorType.NVIDIA_L4),
            Map.entry("V100", AcceleratorType.NVIDIA_TESLA_V100),
            Map.entry("P100", AcceleratorType.NVIDIA_TESLA_P100),
            Map.entry("P4", AcceleratorType.NVIDIA_TESLA_P4),
            Map.entry("A100-40GB", AcceleratorType.NVIDIA_TESLA_A100),
            Map.entry("A100-80GB", AcceleratorType.NVIDIA_A100_80GB),
            Map.entry("H100", AcceleratorType.NVIDIA_H100_80GB),
            Map.entry("H100-MEGA", AcceleratorType.NVIDIA_H100_MEGA_80GB),
            Map.entry("H200", AcceleratorType.NVIDIA_H200_141GB),
            Map.entry("B200", AcceleratorType.NVIDIA_B200));

    private AcceleratorTypes() {
    }

    /**
     * @throws IllegalArgumentException when Vertex prediction has no accelerator type for the offer's accelerator,
     *                                  or the offer is a fraction of a GPU
     */
    static MachineSpec machineSpec(Offer offer) {
        MachineSpec.Builder spec = MachineSpec.newBuilder().setMachineType(offer.instanceType());
        String accelerator = offer.accelerator();
        if (accelerator.toUpperCase(Locale.ROOT).startsWith("TPU")) return spec.build();
        AcceleratorType type = GPUS.get(accelerator.toUpperCase(Locale.ROOT));
        if (type == null) {
            throw new IllegalArgumentException("instanceType: " + offer.instanceType() + " has accelerator " + accelerator
                    + ", which Vertex AI prediction has no accelerator type for; Vertex serves " + String.join(", ",
                    new java.util.TreeSet<>(GPUS.keySet())) + " and TPU v5e / v6e machine types");
        }
        double count = offer.acceleratorCount();
        if (count < 1 || count != Math.rint(count)) {
            throw new IllegalArgumentException("instanceType: " + offer.instanceType() + " has " + count + " x " + accelerator
                    + "; Vertex AI attaches whole accelerators only");
        }
        return spec.setAcceleratorType(type).setAcceleratorCount((int) count).build();
    }
}
