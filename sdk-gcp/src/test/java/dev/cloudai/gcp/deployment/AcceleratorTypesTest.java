package dev.cloudai.gcp.deployment;

import com.google.cloud.aiplatform.v1.AcceleratorType;
import com.google.cloud.aiplatform.v1.MachineSpec;
import dev.cloudai.accelerator.AcceleratorCatalog;
import dev.cloudai.accelerator.Offer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Every Vertex offer of the built-in catalog becomes a machine spec Vertex prediction accepts. */
class AcceleratorTypesTest {
    private static final List<Offer> VERTEX = AcceleratorCatalog.builtIn().offers().stream()
            .filter(o -> o.cloud().equals("gcp") && o.platform().equals("vertex")).toList();

    @Test
    void catalogNamesMapToVertexEnumNames() {
        Map<String, AcceleratorType> expected = Map.of("T4", AcceleratorType.NVIDIA_TESLA_T4, "L4", AcceleratorType.NVIDIA_L4,
                "A100-40GB", AcceleratorType.NVIDIA_TESLA_A100, "A100-80GB", AcceleratorType.NVIDIA_A100_80GB,
                "H100", AcceleratorType.NVIDIA_H100_80GB, "H200", AcceleratorType.NVIDIA_H200_141GB);
        assertFalse(VERTEX.isEmpty());
        for (Offer offer : VERTEX) {
            MachineSpec spec = AcceleratorTypes.machineSpec(offer);
            assertEquals(offer.instanceType(), spec.getMachineType());
            if (offer.accelerator().startsWith("TPU")) {
                assertEquals(MachineSpec.newBuilder().setMachineType(offer.instanceType()).build(), spec,
                        "a TPU serving shape: the machine type implies the TPU");
            } else {
                assertEquals((int) offer.acceleratorCount(), spec.getAcceleratorCount(), offer.instanceType());
                if (expected.containsKey(offer.accelerator())) {
                    assertEquals(expected.get(offer.accelerator()), spec.getAcceleratorType(), offer.instanceType());
                }
            }
        }
    }
}
