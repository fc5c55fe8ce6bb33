/**
 * Small helpers every package of {@code sdk-api} uses: argument checks, duration arithmetic, "did you mean"
 * suggestions. They depend on nothing but the JDK, so any package may use them without a cycle. Not exported.
 */
package dev.cloudai.internal.util;
