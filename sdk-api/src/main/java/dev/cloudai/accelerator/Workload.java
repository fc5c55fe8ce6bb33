package dev.cloudai.accelerator;

/** What an accelerator offer is used for. An offer lists the workloads it suits in the catalog's {@code workloads} column. */
public enum Workload {
    TRAINING, INFERENCE
}
