package io.jenkins.plugins.routetolive.engine.definition;

/**
 * A definition document (a route, a release manifest) that cannot be used; the message names the source,
 * the line and the rule broken. Each kind of document has its own final subtype, so callers catch exactly
 * the kind they read.
 */
public abstract class DefinitionException extends RuntimeException {

    private final String source;
    private final int line;

    protected DefinitionException(String source, int line, String problem) {
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
