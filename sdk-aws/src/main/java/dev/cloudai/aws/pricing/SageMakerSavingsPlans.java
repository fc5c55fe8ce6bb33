package dev.cloudai.aws.pricing;

import dev.cloudai.accelerator.PricingModel;
import dev.cloudai.spi.PriceQuery;
import software.amazon.awssdk.services.savingsplans.SavingsplansClient;
import software.amazon.awssdk.services.savingsplans.model.DescribeSavingsPlansOfferingRatesRequest;
import software.amazon.awssdk.services.savingsplans.model.DescribeSavingsPlansOfferingRatesResponse;
import software.amazon.awssdk.services.savingsplans.model.SavingsPlanOfferingRate;
import software.amazon.awssdk.services.savingsplans.model.SavingsPlanOfferingRateFilterElement;
import software.amazon.awssdk.services.savingsplans.model.SavingsPlanOfferingRateProperty;
import software.amazon.awssdk.services.savingsplans.model.SavingsPlanPaymentOption;
import software.amazon.awssdk.services.savingsplans.model.SavingsPlanRateFilterAttribute;
import software.amazon.awssdk.services.savingsplans.model.SavingsPlanRateServiceCode;
import software.amazon.awssdk.services.savingsplans.model.SavingsPlanType;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The committed prices of SageMaker real-time inference instances: the hourly rates of SageMaker Savings Plans, 1 and
 * 3 years, {@code No Upfront}, from Savings Plans' {@code DescribeSavingsPlansOfferingRates}
 * (https://docs.aws.amazon.com/savingsplans/latest/APIReference/API_DescribeSavingsPlansOfferingRates.html). One
 * query (and its pages, 1,000 rates each) per region asked, filtered by plan type {@code SageMaker}, service
 * {@code AmazonSageMaker}, payment option, region and the instance types; of the rates returned only the hosting ones
 * count (usage type {@code USE1-Host:ml.g5.xlarge}: the same plan also discounts training, notebooks and the rest).
 * The plan's term is its {@code durationSeconds}: one year is 31,536,000 s.
 *
 * <pre>{@code
 * new SageMakerSavingsPlans(clients.savingsPlans(), retry, query, shapes.sageMaker(), sheet).fetch(Optional.of("us-east-1"));
 * // sheet: PricePoint("sagemaker", "us-east-1", "ml.g5.xlarge", COMMITTED_1Y, 0.9855, "AWS Savings Plans SageMaker ...")
 * }</pre>
 */
final class SageMakerSavingsPlans {
    /** The most rates one page holds. */
    static final int PAGE_SIZE = 1000;
    static final long SECONDS_PER_YEAR = 31_536_000L;
    /** A hosting usage type, with or without a region prefix: {@code USE1-Host:ml.g5.xlarge}, {@code Host:ml.m5.large}. */
    private static final Pattern HOSTING = Pattern.compile("(?:^|-)Host:(ml\\.\\S+)$");

    private final SavingsplansClient client;
    private final ThrottleRetry retry;
    private final PriceQuery query;
    private final Set<String> instanceTypes;
    private final SheetBuilder sheet;

    SageMakerSavingsPlans(SavingsplansClient client, ThrottleRetry retry, PriceQuery query, Set<String> instanceTypes,
                          SheetBuilder sheet) {
        this.client = client;
        this.retry = retry;
        this.query = query;
        this.instanceTypes = instanceTypes;
        this.sheet = sheet;
    }

    /** The request of one region's rates ({@code region} empty: every region's). */
    DescribeSavingsPlansOfferingRatesRequest request(Optional<String> region) {
        List<SavingsPlanOfferingRateFilterElement> filters = new ArrayList<>();
        region.ifPresent(r -> filters.add(SavingsPlanOfferingRateFilterElement.builder()
                .name(SavingsPlanRateFilterAttribute.REGION).values(r).build()));
        filters.add(SavingsPlanOfferingRateFilterElement.builder()
                .name(SavingsPlanRateFilterAttribute.INSTANCE_TYPE).values(instanceTypes).build());
        return DescribeSavingsPlansOfferingRatesRequest.builder()
                .savingsPlanTypes(SavingsPlanType.SAGE_MAKER)
                .savingsPlanPaymentOptions(SavingsPlanPaymentOption.NO_UPFRONT)
                .serviceCodes(SavingsPlanRateServiceCode.AMAZON_SAGE_MAKER)
                .filters(filters).maxResults(PAGE_SIZE).build();
    }

    void fetch(Optional<String> region) {
        DescribeSavingsPlansOfferingRatesRequest request = request(region);
        List<SavingsPlanOfferingRate> rates = Paging.all(retry, "DescribeSavingsPlansOfferingRates", token -> {
            DescribeSavingsPlansOfferingRatesResponse r = client.describeSavingsPlansOfferingRates(
                    request.toBuilder().nextToken(token).build());
            return new Paging.Page<>(r.searchResults(), r.nextToken());
        });
        for (SavingsPlanOfferingRate rate : rates) {
            Matcher hosting = HOSTING.matcher(rate.usageType() == null ? "" : rate.usageType());
            if (!hosting.find() || !instanceTypes.contains(hosting.group(1))) continue;
            Optional<String> rateRegion = property(rate, "region").or(() -> region);
            Optional<PricingModel> model = model(rate);
            Optional<Double> usd = usdPerHour(rate);
            if (rateRegion.isEmpty() || !query.wants(rateRegion.get()) || model.isEmpty() || usd.isEmpty()) continue;
            String offering = rate.savingsPlanOffering() == null ? "?" : rate.savingsPlanOffering().offeringId();
            sheet.add(AwsShapes.SAGEMAKER, rateRegion.get(), hosting.group(1), model.get(), usd.get(),
                    "AWS Savings Plans SageMaker " + (model.get() == PricingModel.COMMITTED_1Y ? "1yr" : "3yr")
                            + " No Upfront offering " + offering + " " + rate.usageType());
        }
    }

    /** 1 or 3 years by the plan's duration; anything else is no catalog column. */
    private static Optional<PricingModel> model(SavingsPlanOfferingRate rate) {
        if (rate.savingsPlanOffering() == null || rate.savingsPlanOffering().durationSeconds() == null) return Optional.empty();
        long seconds = rate.savingsPlanOffering().durationSeconds();
        if (seconds == SECONDS_PER_YEAR) return Optional.of(PricingModel.COMMITTED_1Y);
        if (seconds == 3 * SECONDS_PER_YEAR) return Optional.of(PricingModel.COMMITTED_3Y);
        return Optional.empty();
    }

    /** The rate, when it is an hourly USD rate. */
    private static Optional<Double> usdPerHour(SavingsPlanOfferingRate rate) {
        if (!"Hrs".equalsIgnoreCase(rate.unitAsString()) || rate.rate() == null) return Optional.empty();
        if (rate.savingsPlanOffering() != null && rate.savingsPlanOffering().currencyAsString() != null
                && !"USD".equals(rate.savingsPlanOffering().currencyAsString())) {
            return Optional.empty();
        }
        try {
            double usd = Double.parseDouble(rate.rate());
            return Double.isFinite(usd) && usd >= 0 ? Optional.of(usd) : Optional.empty();
        } catch (NumberFormatException notANumber) {
            return Optional.empty();
        }
    }

    private static Optional<String> property(SavingsPlanOfferingRate rate, String name) {
        return rate.properties().stream().filter(p -> name.equals(p.name())).map(SavingsPlanOfferingRateProperty::value)
                .filter(v -> v != null && !v.isBlank()).findFirst();
    }
}
