package dev.cloudai.spi;

import dev.cloudai.accelerator.PricingModel;
import dev.cloudai.internal.util.Arguments;

import java.util.Objects;

/**
 * One price a {@link PriceSource} fetched: an instance type of a platform in a region, under one pricing model.
 *
 * <pre>{@code
 * new PricePoint("sagemaker", "us-east-1", "ml.g5.xlarge", PricingModel.ON_DEMAND, 1.408,
 *         "AWS Price List AmazonSageMaker SKU 2UQ3QJ4QXK7Z2YXN");
 * }</pre>
 *
 * @param platform     the catalog platform: {@code sagemaker}, {@code vertex}, {@code azureml} or {@code vm}
 * @param region       the cloud's region name
 * @param instanceType the instance or machine type, as in the catalog
 * @param model        how it is paid for
 * @param usdPerHour   the effective USD per hour of one instance (a commitment's upfront part spread over its hours)
 * @param source       where it came from: the API and the SKU or product id, so a row can be checked by hand;
 *                     no commas (catalog fields are not quoted)
 */
public record PricePoint(String platform, String region, String instanceType, PricingModel model, double usdPerHour,
                         String source) {

    public PricePoint {
        Arguments.requireText(platform, "platform");
        Arguments.requireText(region, "region");
        Arguments.requireText(instanceType, "instanceType");
        Objects.requireNonNull(model, "model");
        if (!(usdPerHour >= 0) || Double.isInfinite(usdPerHour)) {
            throw new IllegalArgumentException("usdPerHour: must be a finite non-negative number, was " + usdPerHour);
        }
        Arguments.requireText(source, "source");
        if (source.indexOf(',') >= 0) throw new IllegalArgumentException("source: must not contain a comma, was '" + source + "'");
    }
}
