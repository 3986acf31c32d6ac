package io.jenkins.plugins.routetolive.engine.route;

/** What part an environment plays in the route. */
public enum EnvironmentRole {
    /** Where code is written (Local). Nothing is ever deployed there by a pipeline. */
    ORIGIN,
    /** Where artifacts enter the route (Build): registering an artifact records it here. */
    ENTRY,
    /** An environment artifacts are promoted into, deployed and gated. */
    DEPLOY
}
