/**
 * Cloud AI SDK: one API to invoke models, deploy endpoints and select accelerators on AWS, Google Cloud and
 * Azure. Start with {@link dev.cloudai.CloudAi}.
 *
 * <p>Packages: {@code invocation} (chat, streaming, embeddings), {@code deployment} (managed endpoints),
 * {@code accelerator} (the catalog and selection), {@code config} (keys and settings), {@code errors} (the
 * exception tree), {@code spi} (what adapters implement). {@code internal} is not API.
 */
package dev.cloudai;
