/**
 * A strict JSON reader and writer for adapters ({@link dev.cloudai.spi.json.Json}); part of the SPI, so applications
 * should not depend on it.
 */
package dev.cloudai.spi.json;
