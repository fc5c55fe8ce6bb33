/**
 * Vertex AI online prediction endpoints: the facts the core plans with (the location, what Vertex cannot attach),
 * deploy of a plan (upload model, create endpoint, deploy model, poll the operations), get, list, delete and invoke ({@link dev.cloudai.gcp.deployment.VertexEndpoints}). Internal to the gcp
 * adapter: users reach it through {@code CloudAi.endpoints()}.
 */
package dev.cloudai.gcp.deployment;
