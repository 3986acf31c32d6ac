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
        // "-canary", "-green" and "-blue" are appended for canary and blue/green, so leave room for them
        requireSubdomain("deployment", deployment, 253 - "-canary".length());
        requireLabel("container", container, 63);
    }

    /** Checks a DNS-1123 label: lower-case letters, digits and '-', starting and ending alphanumeric, at most max characters. */
    public static String requireLabel(String field, String value, int max) {
        if (value == null || value.length() > max || !LABEL.matcher(value).matches()) {
            throw new IllegalArgumentException("Kubernetes " + field + " must be a DNS-1123 label (1 to " + max
                    + " lower-case letters, digits or '-', starting and ending with a letter or digit), but was '" + value + "'");
        }
        return value;
    }

    private static void requireSubdomain(String field, String value, int max) {
        if (value == null || value.length() > max || !SUBDOMAIN.matcher(value).matches()) {
            throw new IllegalArgumentException("Kubernetes " + field + " must be a DNS-1123 name (1 to " + max
                    + " lower-case letters, digits, '-' or '.', starting and ending with a letter or digit), but was '" + value + "'");
        }
    }

    /** "deployment shop in namespace prod" */
    public String describe() {
        return "deployment " + deployment + " in namespace " + namespace;
    }
}
