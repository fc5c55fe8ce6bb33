/** The AWS adapter's one error mapper, {@link dev.cloudai.aws.errors.AwsErrorMapper}. Internal to the adapter. */
package dev.cloudai.aws.errors;
