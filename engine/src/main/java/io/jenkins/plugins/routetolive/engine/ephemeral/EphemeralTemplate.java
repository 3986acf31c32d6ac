package io.jenkins.plugins.routetolive.engine.ephemeral;

import io.jenkins.plugins.routetolive.engine.kubernetes.KubernetesTarget;

import java.util.Objects;

/**
 * Where an ephemeral environment is copied from: the Deployment (and its Service, if any) in the namespace of an
 * environment of the route the administrator names. The ephemeral namespace is made on the same cluster, with the
 * same credentials.
 *
 * @param route       the route of that environment
 * @param environment the environment whose namespace holds the template
 * @param source      the template's namespace, Deployment and the container whose image is replaced
 * @param service     the Service to copy with it; "" for none
 */
public record EphemeralTemplate(String route, String environment, KubernetesTarget source, String service) {

    public EphemeralTemplate {
        Objects.requireNonNull(route, "route");
        if (environment == null || environment.isBlank()) {
            throw new IllegalArgumentException("ephemeral template environment must not be empty, but was '" + environment + "'");
        }
        Objects.requireNonNull(source, "source");
        service = Objects.requireNonNullElse(service, "");
        if (!service.isEmpty()) {
            KubernetesTarget.requireLabel("service", service, 63);
        }
    }

    /** "Deployment shop in namespace shop-dev (environment development)" */
    public String describe() {
        return "Deployment " + source.deployment() + (service.isEmpty() ? "" : " and Service " + service) + " in namespace "
                + source.namespace() + " (environment " + environment + ")";
    }
}
