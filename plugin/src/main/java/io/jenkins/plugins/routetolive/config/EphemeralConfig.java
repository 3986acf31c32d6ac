package io.jenkins.plugins.routetolive.config;

import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import io.jenkins.plugins.routetolive.engine.ephemeral.EphemeralNames;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;

/**
 * How the administrator sets up ephemeral environments of multibranch branches: which environment of the job's route
 * is their template (its namespace holds the Deployment and Service to copy; its cluster and credentials make the
 * namespaces), how long they live after their last deployment, and where they answer.
 */
public final class EphemeralConfig implements Describable<EphemeralConfig> {

    public static final int DEFAULT_TIME_TO_LIVE_HOURS = 72;

    private String templateEnvironment = "";
    private int timeToLiveHours = DEFAULT_TIME_TO_LIVE_HOURS;
    private String urlPattern = "";

    @DataBoundConstructor
    public EphemeralConfig() {
    }

    public String getTemplateEnvironment() {
        return templateEnvironment;
    }

    @DataBoundSetter
    public void setTemplateEnvironment(String templateEnvironment) {
        this.templateEnvironment = templateEnvironment == null ? "" : templateEnvironment.trim();
    }

    public int getTimeToLiveHours() {
        return timeToLiveHours;
    }

    /** Refused below one hour, so configuration as code cannot save it. */
    @DataBoundSetter
    public void setTimeToLiveHours(int timeToLiveHours) {
        if (timeToLiveHours < 1) {
            throw new IllegalArgumentException("ephemeral environments timeToLiveHours must be at least 1, but was "
                    + timeToLiveHours);
        }
        this.timeToLiveHours = timeToLiveHours;
    }

    public String getUrlPattern() {
        return urlPattern;
    }

    /** An http(s) URL with {namespace} and {application}; refused otherwise. */
    @DataBoundSetter
    public void setUrlPattern(String urlPattern) {
        this.urlPattern = EphemeralNames.requireUrlPattern("ephemeral environments urlPattern", urlPattern);
    }

    private Object readResolve() {
        if (templateEnvironment == null) {
            templateEnvironment = "";
        }
        if (urlPattern == null) {
            urlPattern = "";
        }
        if (timeToLiveHours < 1) {
            timeToLiveHours = DEFAULT_TIME_TO_LIVE_HOURS;
        }
        return this;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Descriptor<EphemeralConfig> getDescriptor() {
        return Jenkins.get().getDescriptorOrDie(getClass());
    }

    @Extension
    @Symbol("ephemeralEnvironments")
    public static final class DescriptorImpl extends Descriptor<EphemeralConfig> {
        @Override
        public String getDisplayName() {
            return "Ephemeral environments";
        }

        public FormValidation doCheckTimeToLiveHours(@QueryParameter int value) {
            return value < 1 ? FormValidation.error("At least 1 hour.") : FormValidation.ok();
        }

        public FormValidation doCheckUrlPattern(@QueryParameter String value) {
            try {
                EphemeralNames.requireUrlPattern("URL pattern", value);
                return FormValidation.ok();
            } catch (IllegalArgumentException e) {
                return FormValidation.error(e.getMessage());
            }
        }
    }
}
