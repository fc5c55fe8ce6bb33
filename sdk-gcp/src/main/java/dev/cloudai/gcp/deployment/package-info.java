/**
 * Vertex AI online prediction endpoints: plan, deploy (upload model, create endpoint, deploy model, poll the
 * operations), get, list, delete and invoke ({@link dev.cloudai.gcp.deployment.VertexEndpoints}). Internal to the gcp
 * adapter: users reach it through {@code CloudAi.endpoints()}.
 */
package dev.cloudai.gcp.deployment;
