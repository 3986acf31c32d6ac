package io.jenkins.plugins.routetolive.engine.artifact;

import java.util.Objects;
import java.util.regex.Pattern;

/** One immutable build output: an application's name, its version, and the digest that identifies it. */
public record Artifact(String application, String version, Digest digest) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,127}");

    public Artifact {
        requireApplicationName(application);
        Objects.requireNonNull(version, "version must not be null");
        if (!VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("version must be 1 to 128 letters, digits, '.', '_', '+' or '-', "
                    + "starting with a letter or digit, but was '" + version + "'");
        }
        Objects.requireNonNull(digest, "digest must not be null");
    }

    /** Checks an application name: lower-case letters, digits, '.', '_' and '-', at most 63 characters. */
    public static String requireApplicationName(String application) {
        Objects.requireNonNull(application, "application must not be null");
        if (!NAME.matcher(application).matches()) {
            throw new IllegalArgumentException("application must be 1 to 63 lower-case letters, digits, '.', '_' or '-', "
                    + "starting and ending with a letter or digit, but was '" + application + "'");
        }
        return application;
    }

    /** "shop 1.0.0 (sha256:ab12…)" */
    public String describe() {
        return application + " " + version + " (" + digest.shortForm() + ")";
    }
}
