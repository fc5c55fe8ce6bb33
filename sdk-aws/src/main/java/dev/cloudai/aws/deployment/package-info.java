/**
 * Managed endpoints on SageMaker (deploy, get, list, delete) and their invocation through SageMaker Runtime.
 * Internal to the adapter.
 */
package dev.cloudai.aws.deployment;
