package dev.cloudai.gcp.pricing;

import com.google.cloud.billing.v1.Category;
import com.google.cloud.billing.v1.PricingExpression;
import com.google.cloud.billing.v1.PricingInfo;
import com.google.cloud.billing.v1.Sku;
import com.google.type.Money;
import dev.cloudai.accelerator.PricingModel;
import dev.cloudai.gcp.pricing.SkuRules.Component;
import dev.cloudai.gcp.pricing.SkuRules.Kind;
import dev.cloudai.gcp.pricing.SkuRules.Platform;
import dev.cloudai.gcp.pricing.SkuRules.Priced;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The SKU table, on descriptions the Cloud Billing Catalog publishes (quoted by SkyPilot's and dstack's fetchers and
 * a Google Cloud engineer's article, see {@link SkuRules}) and on ones it must not take for a machine's price.
 */
class SkuRulesTest {

    private static Sku sku(String description, String family, String usage, String unit, long units, int nanos) {
        return Sku.newBuilder().setSkuId("0000-0000-0000").setDescription(description)
                .setCategory(Category.newBuilder().setResourceFamily(family).setResourceGroup("X").setUsageType(usage))
                .addServiceRegions("us-central1")
                .addPricingInfo(PricingInfo.newBuilder().setPricingExpression(PricingExpression.newBuilder().setUsageUnit(unit)
                        .addTieredRates(PricingExpression.TierRate.newBuilder().setUnitPrice(Money.newBuilder().setCurrencyCode("USD")
                                .setUnits(units).setNanos(nanos))))).build();
    }

    @ParameterizedTest(name = "{0} -> {2} {1} {3}")
    @CsvSource(delimiter = '|', textBlock = """
            Vertex AI: Online/Batch Prediction A3 Predefined Instance Core running in Iowa | A3        | CORE | ON_DEMAND
            Vertex AI: Online/Batch Prediction A3 Predefined Instance Ram running in Iowa  | A3        | RAM  | ON_DEMAND
            Vertex AI: Online/Batch Prediction A2 Instance Ram running in Americas         | A2        | RAM  | ON_DEMAND
            Vertex AI: Online/Batch Prediction Nvidia H100 80gb GPU running in Iowa        | H100      | GPU  | ON_DEMAND
            Vertex AI: Online/Batch Prediction Nvidia A100 80gb GPU running in Iowa        | A100-80GB | GPU  | ON_DEMAND
            Vertex AI: Online/Batch Prediction N1 Predefined Instance Core running in Americas | N1    | CORE | ON_DEMAND
            N1 Predefined Instance Core running in Americas                                | N1        | CORE | ON_DEMAND
            A3 Instance Core running in Americas                                           | A3        | CORE | ON_DEMAND
            A3Plus Instance Core running in Americas                                       | A3 Mega   | CORE | ON_DEMAND
            Spot Preemptible A2 Instance Ram running in Americas                           | A2        | RAM  | SPOT
            Commitment v1: A2 Cpu in APAC for 1 Year                                       | A2        | CORE | COMMITTED_1Y
            Commitment v1: Cpu in Montreal for 1 Year                                      | N1        | CORE | COMMITTED_1Y
            Commitment v1: Ram in Americas for 3 Years                                     | N1        | RAM  | COMMITTED_3Y
            Nvidia Tesla T4 GPU running in Americas                                        | T4        | GPU  | ON_DEMAND
            Nvidia Tesla A100 GPU running in Americas                                      | A100-40GB | GPU  | ON_DEMAND
            Nvidia L4 GPU running in Americas                                              | L4        | GPU  | ON_DEMAND
            Nvidia H100 80GB Mega GPU running in Americas                                  | H100-MEGA | GPU  | ON_DEMAND
            Nvidia H100 Mega 80GB GPU running in Americas                                  | H100-MEGA | GPU  | ON_DEMAND
            Nvidia H100 80GB Plus GPU running in Americas                                  | H100-MEGA | GPU  | ON_DEMAND
            Nvidia H200 141GB GPU running in Americas                                      | H200      | GPU  | ON_DEMAND
            Nvidia B200 (1 gpu slice) running in Americas                                  | B200      | GPU  | ON_DEMAND
            G2 Instance Ram running in Americas                                            | G2        | RAM  | ON_DEMAND
            TpuV5e running in Iowa                                                         | TPU-v5e   | TPU  | ON_DEMAND
            Preemptible TpuV6e running in Iowa                                             | TPU-v6e   | TPU  | SPOT
            Tpu-v4 Pod running in Oklahoma                                                 | TPU-v4    | TPU  | ON_DEMAND
            """)
    void aMachineComponentIsReadFromItsDescription(String description, String name, Kind kind, PricingModel model) {
        String usage = switch (model) {
            case SPOT -> description.startsWith("Spot") ? "Preemptible" : "OnDemand";   // preemptible TPUs: OnDemand
            case COMMITTED_1Y -> "Commit1Yr";
            case COMMITTED_3Y -> "Commit3Yr";
            default -> "OnDemand";
        };
        Platform platform = description.startsWith("Vertex AI") ? Platform.VERTEX : Platform.VM;
        Optional<Priced> read = SkuRules.read(sku(description, "Compute", usage, kind.unit, 0, 29_322_700), platform);
        assertEquals(Optional.of(new Component(kind, name)), read.map(Priced::component), description);
        assertEquals(model, read.orElseThrow().model());
        assertEquals(new BigDecimal("0.029322700"), read.get().usd());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Vertex AI: Online/Batch Prediction management fee on NVIDIA H100 80GB in Iowa | h
            Vertex AI: Training/Pipelines on NVIDIA H100 80GB in Iowa                   | h
            Vertex AI: Training/Pipelines on A3 Instance Core in Iowa                   | h
            DWS Defined Duration A3 Core running in Americas                            | h
            Nvidia H100 80GB GPU attached to DWS Defined Duration VMs running in Americas | h
            Custom Instance Core running in Americas                                    | h
            N2 Custom Instance Core running in Americas                                 | h
            A2 Instance Core running in Americas on Sole Tenancy                        | h
            Premium N1 Predefined Instance Core running in Americas                     | h
            Reserved A2 Instance Core running in Americas                               | h
            Licensing Fee for Ubuntu Pro on VM with 2 VCPU                              | h
            SSD backed Local Storage running in Americas                                | GiBy.mo
            A3 Instance Ram running in Americas                                         | GiBy.mo
            C3 Instance Core running in Americas                                        | h
            Network Internet Egress from Americas to Americas                           | GiBy
            """)
    void whatPricesNoStandardMachineIsSkipped(String description, String unit) {
        Platform platform = description.startsWith("Vertex AI") ? Platform.VERTEX : Platform.VM;
        assertEquals(Optional.empty(), SkuRules.read(sku(description, "Compute", "OnDemand", unit, 1, 0), platform), description);
    }

    @Test
    void onVertexAiOnlyPredictionCountsAndOtherResourceFamiliesAndUsageTypesAreSkipped() {
        assertEquals(Optional.empty(), SkuRules.read(sku("A3 Instance Core running in Americas", "Compute", "OnDemand", "h", 0, 1),
                Platform.VERTEX));
        assertEquals(Optional.empty(), SkuRules.read(sku("A3 Instance Core running in Americas", "License", "OnDemand", "h", 0, 1),
                Platform.VM));
        assertEquals(Optional.empty(), SkuRules.read(sku("A3 Instance Core running in Americas", "Compute", "Sustained", "h", 0, 1),
                Platform.VM));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(textBlock = """
            a3-highgpu-1g,  A3
            a3-megagpu-8g,  A3 Mega
            a3-ultragpu-8g, A3 Ultra
            a4-highgpu-8g,  A4
            a2-ultragpu-1g, A2
            g2-standard-96, G2
            n1-standard-4,  N1
            """)
    void aMachineTypeBelongsToTheFamilyOfItsPrefix(String machineType, String family) {
        assertEquals(family, SkuRules.familyOf(machineType).orElseThrow().name());
    }
}
