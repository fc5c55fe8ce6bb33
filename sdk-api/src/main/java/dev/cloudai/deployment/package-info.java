/**
 * Managed real-time endpoints: plan, deploy, invoke, delete. Start with {@link dev.cloudai.deployment.Endpoints}.
 */
package dev.cloudai.deployment;
