/** The {@code cloudai} command-line tool. */
package dev.cloudai.cli;
