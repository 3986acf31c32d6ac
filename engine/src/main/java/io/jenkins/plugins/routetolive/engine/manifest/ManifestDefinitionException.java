package io.jenkins.plugins.routetolive.engine.manifest;

/** A release manifest that cannot be used; the message names the source, the line and the rule broken. */
public final class ManifestDefinitionException extends RuntimeException {

    private final String source;
    private final int line;

    public ManifestDefinitionException(String source, int line, String problem) {
        super(source + (line > 0 ? " line " + line : "") + ": " + problem);
        this.source = source;
        this.line = line;
    }

    public String source() {
        return source;
    }

    /** One-based line number, or 0 when the problem concerns the whole document. */
    public int line() {
        return line;
    }
}
