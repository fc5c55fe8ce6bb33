/**
 * Azure ML managed online endpoints over Azure Resource Manager's REST API: deploy, follow long-running operations,
 * get, list, delete, and invoke through scoring URIs. Not API: users reach it through {@code CloudAi.endpoints()}.
 */
package dev.cloudai.azure.deployment;
