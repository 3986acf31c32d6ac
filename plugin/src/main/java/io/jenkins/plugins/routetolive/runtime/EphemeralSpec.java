package io.jenkins.plugins.routetolive.runtime;

import java.io.Serializable;

/**
 * What an {@code ephemeralEnvironment} step asked for, as plain strings a step execution keeps across a restart: the
 * artifact, the template's Deployment, Service and container (each defaulting to the one before), and the health URL.
 */
public final class EphemeralSpec implements Serializable {

    private static final long serialVersionUID = 1L;

    final String application;
    final String digest;
    final String version;
    final String deploymentName;
    final String serviceName;
    final String container;
    final String healthUrl;

    public EphemeralSpec(String application, String digest, String version, String deploymentName, String serviceName,
                         String container, String healthUrl) {
        this.application = trim(application);
        this.digest = trim(digest);
        this.version = trim(version);
        this.deploymentName = trim(deploymentName).isEmpty() ? this.application : trim(deploymentName);
        this.serviceName = trim(serviceName).isEmpty() ? this.deploymentName : trim(serviceName);
        this.container = trim(container).isEmpty() ? this.deploymentName : trim(container);
        this.healthUrl = trim(healthUrl);
    }

    public String application() {
        return application;
    }

    private static String trim(String value) {
        return value == null ? "" : value.trim();
    }
}
