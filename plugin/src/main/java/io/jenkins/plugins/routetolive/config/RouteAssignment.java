package io.jenkins.plugins.routetolive.config;

import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * Which route the jobs whose full name matches a pattern use ("payments/.*" → "regulated"). The
 * administrator decides; a Jenkinsfile cannot choose its route.
 */
public final class RouteAssignment implements Describable<RouteAssignment> {

    private final String jobPattern;
    private final String route;

    @DataBoundConstructor
    public RouteAssignment(String jobPattern, String route) {
        this.jobPattern = jobPattern;
        this.route = route;
    }

    public String getJobPattern() {
        return jobPattern;
    }

    public String getRoute() {
        return route;
    }

    /** Whether the job's full name ("folder/job") matches the whole pattern. */
    public boolean matches(String jobFullName) {
        return pattern().matcher(jobFullName).matches();
    }

    Pattern pattern() {
        try {
            return Pattern.compile(jobPattern == null ? "" : jobPattern);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("route assignment to '" + route + "': job pattern must be a regular "
                    + "expression such as 'payments/.*', but '" + jobPattern + "' is not: " + e.getDescription(), e);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public Descriptor<RouteAssignment> getDescriptor() {
        return Jenkins.get().getDescriptorOrDie(getClass());
    }

    @Extension
    @Symbol("routeAssignment")
    public static final class DescriptorImpl extends Descriptor<RouteAssignment> {
        @Override
        public String getDisplayName() {
            return "Route assignment";
        }
    }
}
