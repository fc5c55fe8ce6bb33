/**
 * The AWS adapter, provider id {@code aws}: {@link dev.cloudai.aws.AwsProviderFactory} is all a user needs, and
 * only through {@code ServiceLoader}. Capabilities live in sub-packages: {@code invocation} (Bedrock chat and
 * embeddings), {@code deployment} (SageMaker endpoints), {@code errors} (the one error mapper).
 */
package dev.cloudai.aws;
