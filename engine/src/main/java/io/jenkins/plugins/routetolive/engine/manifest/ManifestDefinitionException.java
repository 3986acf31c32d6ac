package io.jenkins.plugins.routetolive.engine.manifest;

import io.jenkins.plugins.routetolive.engine.definition.DefinitionException;

/** A release manifest that cannot be used; the message names the source, the line and the rule broken. */
public final class ManifestDefinitionException extends DefinitionException {

    public ManifestDefinitionException(String source, int line, String problem) {
        super(source, line, problem);
    }
}
