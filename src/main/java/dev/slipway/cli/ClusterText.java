package dev.slipway.cli;

/** How the CLI shows the way Slipway gets into a cluster (a target's or an executor's). */
final class ClusterText {
    private ClusterText() {}

    static String access(String context, Boolean inCluster) {
        return Boolean.TRUE.equals(inCluster) ? "in-cluster service account" : "kubeconfig context " + context;
    }
}
