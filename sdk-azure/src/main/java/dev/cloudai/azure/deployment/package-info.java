/**
 * Azure ML managed online endpoints over Azure Resource Manager's REST API: the facts the core plans with (the
 * workspace's location), deploy of a plan, follow long-running operations,
 * get, list, delete, and invoke through scoring URIs. Not API: users reach it through {@code CloudAi.endpoints()}.
 */
package dev.cloudai.azure.deployment;
