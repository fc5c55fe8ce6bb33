/**
 * Configuration keys, their validation errors and settings types; the configuration itself is {@link dev.cloudai.CloudAiConfig}.
 */
package dev.cloudai.config;
