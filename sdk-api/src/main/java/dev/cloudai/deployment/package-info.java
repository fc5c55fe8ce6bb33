/**
 * Managed real-time endpoints: plan, deploy, invoke, delete. Start with {@link dev.cloudai.deployment.Endpoints};
 * {@link dev.cloudai.deployment.DeploymentPlanner} plans a spec on any platform from the catalog alone.
 */
package dev.cloudai.deployment;
