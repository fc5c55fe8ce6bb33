/**
 * The Azure emulator: {@link dev.cloudai.testkit.azure.AzureCloud}, Azure OpenAI and Azure ML on one local server.
 */
package dev.cloudai.testkit.azure;
