/**
 * Model invocation on Amazon Bedrock Runtime: chat through Converse and ConverseStream, embeddings through
 * InvokeModel in each model family's JSON. Internal to the adapter.
 */
package dev.cloudai.aws.invocation;
