package io.jenkins.plugins.routetolive.engine.route;

import io.jenkins.plugins.routetolive.engine.definition.DefinitionException;

/** A route definition that cannot be used; the message names the source, the line and the rule broken. */
public final class RouteDefinitionException extends DefinitionException {

    public RouteDefinitionException(String source, int line, String problem) {
        super(source, line, problem);
    }
}
