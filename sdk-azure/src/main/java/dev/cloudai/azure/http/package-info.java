/** Untyped JSON and pipeline answers for the REST calls no Azure SDK method covers. Not API. */
package dev.cloudai.azure.http;
