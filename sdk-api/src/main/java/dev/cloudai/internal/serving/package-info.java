/**
 * A deployed model used as a chat or embedding model: the model servers' own HTTP APIs (OpenAI chat completions and
 * embeddings, Hugging Face TGI and TEI) written and read here once, carried by each cloud's raw endpoint invoke.
 * Not API: may change without notice.
 */
package dev.cloudai.internal.serving;
