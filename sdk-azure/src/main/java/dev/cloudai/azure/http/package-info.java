/** Untyped JSON helpers for the REST calls no Azure SDK models. Not API. */
package dev.cloudai.azure.http;
