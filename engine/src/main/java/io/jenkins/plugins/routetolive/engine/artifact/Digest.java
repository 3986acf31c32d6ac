package io.jenkins.plugins.routetolive.engine.artifact;

import java.util.Objects;

/**
 * The identity of an artifact: {@code sha256:} followed by 64 lower-case hex characters.
 * Two artifacts with the same digest are the same artifact, whatever they are called.
 */
public record Digest(String value) implements Comparable<Digest> {

    private static final String PREFIX = "sha256:";

    public Digest {
        Objects.requireNonNull(value, "digest must be 'sha256:' followed by 64 hex characters, but was null");
        if (!wellFormed(value)) {
            throw new IllegalArgumentException(
                    "digest must be 'sha256:' followed by 64 lower-case hex characters, but was '" + abbreviate(value) + "'");
        }
    }

    /** {@code sha256:[0-9a-f]{64}}, checked without a regular expression: journals decode hundreds of thousands. */
    private static boolean wellFormed(String value) {
        if (value.length() != PREFIX.length() + 64 || !value.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }

    /** Parses a digest, accepting upper-case hex and surrounding white space. */
    public static Digest parse(String text) {
        Objects.requireNonNull(text, "digest must be 'sha256:' followed by 64 hex characters, but was null");
        String trimmed = text.trim();
        int colon = trimmed.indexOf(':');
        if (colon > 0) {
            trimmed = trimmed.substring(0, colon).toLowerCase(java.util.Locale.ROOT) + ":"
                    + trimmed.substring(colon + 1).toLowerCase(java.util.Locale.ROOT);
        }
        return new Digest(trimmed);
    }

    /** The hex part without the algorithm prefix. */
    public String hex() {
        return value.substring(PREFIX.length());
    }

    /** {@code sha256:} and the first 12 hex characters, for messages meant for people. */
    public String shortForm() {
        return value.substring(0, "sha256:".length() + 12) + "…";
    }

    @Override
    public int compareTo(Digest other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }

    private static String abbreviate(String value) {
        return value.length() <= 90 ? value : value.substring(0, 90) + "…";
    }
}
