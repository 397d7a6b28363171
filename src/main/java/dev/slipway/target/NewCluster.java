package dev.slipway.target;

import java.util.Optional;

/**
 * {@code --kubernetes (--kubeconfig FILE [--context C] | --in-cluster) --namespace NS}, as given for a target or an
 * executor, unchecked ({@link ClusterRules} says what is wrong with it). {@code kubeconfig} is the file's text.
 */
public record NewCluster(Optional<String> kubeconfig, Optional<String> context, boolean inCluster, String namespace) {
    public NewCluster {
        kubeconfig = kubeconfig == null ? Optional.empty() : kubeconfig;
        context = context == null ? Optional.empty() : context;
    }

    @Override
    public String toString() {
        return "NewCluster[" + namespace + (inCluster ? " in-cluster" : " context " + context.orElse("(current)"))
                + "]"; // never the kubeconfig
    }
}
