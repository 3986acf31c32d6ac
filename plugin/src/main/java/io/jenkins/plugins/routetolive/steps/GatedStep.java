package io.jenkins.plugins.routetolive.steps;

import org.jenkinsci.plugins.workflow.steps.Step;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * What every step that puts an artifact into an environment takes to check it there: the health gates
 * ({@code healthUrl}, {@code tcpAddress}) and the Kubernetes Deployment whose rollout readiness is part of
 * the gate (and which the plugin updates when it deploys). Used by promote, withPromotion and rollbackEnvironment.
 */
public abstract class GatedStep extends Step {

    private String namespace = "";
    private String deploymentName = "";
    private String container = "";
    private String healthUrl = "";
    private String tcpAddress = "";

    public String getNamespace() {
        return namespace;
    }

    @DataBoundSetter
    public void setNamespace(String namespace) {
        this.namespace = StepSupport.trim(namespace);
    }

    public String getDeploymentName() {
        return deploymentName;
    }

    @DataBoundSetter
    public void setDeploymentName(String deploymentName) {
        this.deploymentName = StepSupport.trim(deploymentName);
    }

    public String getContainer() {
        return container;
    }

    @DataBoundSetter
    public void setContainer(String container) {
        this.container = StepSupport.trim(container);
    }

    public String getHealthUrl() {
        return healthUrl;
    }

    @DataBoundSetter
    public void setHealthUrl(String healthUrl) {
        this.healthUrl = StepSupport.trim(healthUrl);
    }

    public String getTcpAddress() {
        return tcpAddress;
    }

    @DataBoundSetter
    public void setTcpAddress(String tcpAddress) {
        this.tcpAddress = StepSupport.trim(tcpAddress);
    }
}
