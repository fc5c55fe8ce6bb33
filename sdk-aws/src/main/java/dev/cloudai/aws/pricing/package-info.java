/**
 * The AWS price source of a catalog refresh, {@link dev.cloudai.aws.pricing.AwsPriceSource}: SageMaker hosting and
 * EC2 prices from the AWS Price List Query API, SageMaker Savings Plans rates, and EC2 spot price history, through
 * the AWS SDK. {@code AwsProviderFactory.priceSource(config)} makes it.
 */
package dev.cloudai.aws.pricing;
