/** The Azure adapter's one error mapper. Not API: the pipeline uses it. */
package dev.cloudai.azure.errors;
