package io.jenkins.plugins.routetolive.engine.kubernetes;

import java.util.regex.Pattern;

/**
 * Where an environment runs on Kubernetes: a namespace, a Deployment in it, and the container whose
 * image is replaced. The cluster itself (kubeconfig, or server URL + token + CA) is the client's
 * business; it is never part of a value that can be printed.
 */
public record KubernetesTarget(String namespace, String deployment, String container) {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    public KubernetesTarget {
        requireLabel("namespace", namespace, 63);
        requireName("Kubernetes deployment", deployment);
        requireLabel("container", container, 63);
    }

    /** Checks a DNS-1123 label: lower-case letters, digits and '-', starting and ending alphanumeric, at most max characters. */
    public static String requireLabel(String field, String value, int max) {
        return checkLabel("Kubernetes " + field, value, max);
    }

    /** {@link #requireLabel} with the field named exactly as given, e.g. "kubernetes.namespace" of a manifest. */
    public static String checkLabel(String field, String value, int max) {
        if (value == null || value.length() > max || !LABEL.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " must be a DNS-1123 label (1 to " + max
                    + " lower-case letters, digits or '-', starting and ending with a letter or digit), but was '" + value + "'");
        }
        return value;
    }

    /**
     * Checks a Deployment name: a DNS-1123 name short enough that "-canary", "-green" and "-blue" can be appended
     * for canary and blue/green. The message names the field as given.
     */
    public static String requireName(String field, String value) {
        int max = 253 - "-canary".length();
        if (value == null || value.length() > max || !SUBDOMAIN.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " must be a DNS-1123 name (1 to " + max
                    + " lower-case letters, digits, '-' or '.', starting and ending with a letter or digit), but was '" + value + "'");
        }
        return value;
    }

    /** "deployment shop in namespace prod" */
    public String describe() {
        return "deployment " + deployment + " in namespace " + namespace;
    }
}
