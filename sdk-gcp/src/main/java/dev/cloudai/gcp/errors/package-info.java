/** How Vertex AI failures become the neutral error tree: {@link dev.cloudai.gcp.errors.VertexErrorMapper}. */
package dev.cloudai.gcp.errors;
