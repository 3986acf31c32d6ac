package io.jenkins.plugins.routetolive.config;

import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import io.jenkins.plugins.routetolive.engine.route.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;

/** A named route: its environments in order. {@link #toRoute()} gives the engine's route. */
public final class RouteConfig implements Describable<RouteConfig> {

    private final String name;
    private final List<EnvironmentConfig> environments;

    @DataBoundConstructor
    public RouteConfig(String name, List<EnvironmentConfig> environments) {
        this.name = name;
        this.environments = environments == null ? new ArrayList<>() : new ArrayList<>(environments);
    }

    public static RouteConfig from(Route route) {
        return new RouteConfig(route.name(), route.environments().stream().map(EnvironmentConfig::from).toList());
    }

    public String getName() {
        return name;
    }

    public List<EnvironmentConfig> getEnvironments() {
        return environments;
    }

    public Optional<EnvironmentConfig> environment(String environment) {
        return environments.stream().filter(e -> e.getName().equals(environment)).findFirst();
    }

    public Route toRoute() {
        return new Route(name, environments.stream().map(EnvironmentConfig::toEnvironment).toList());
    }

    @Override
    @SuppressWarnings("unchecked")
    public Descriptor<RouteConfig> getDescriptor() {
        return Jenkins.get().getDescriptorOrDie(getClass());
    }

    @Extension
    @Symbol("route")
    public static final class DescriptorImpl extends Descriptor<RouteConfig> {
        @Override
        public String getDisplayName() {
            return "Route";
        }
    }
}
