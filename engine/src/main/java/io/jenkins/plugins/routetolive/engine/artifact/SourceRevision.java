package io.jenkins.plugins.routetolive.engine.artifact;

import java.util.regex.Pattern;

/** Checks the source revision (commit id) an artifact was built from. */
public final class SourceRevision {

    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/:+-]{0,199}");

    private SourceRevision() {
    }

    /** A commit id or other revision: 1 to 200 characters, no white space. */
    public static String require(String revision) {
        if (revision == null || revision.isBlank()) {
            throw new IllegalArgumentException("source revision must name the commit the artifact was built from, "
                    + "but was empty: check out the source with SCM or pass the commit id");
        }
        if (!FORM.matcher(revision).matches()) {
            throw new IllegalArgumentException("source revision must be 1 to 200 characters without white space "
                    + "(a commit id), but was '" + revision + "'");
        }
        return revision;
    }
}
