/**
 * The accelerator catalog and the selection of instance offers across clouds. Start with {@link dev.cloudai.accelerator.AcceleratorCatalog}.
 */
package dev.cloudai.accelerator;
