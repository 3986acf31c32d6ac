package io.jenkins.plugins.routetolive.engine.artifact;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OCI image pinned by digest, {@code registry/repository[:tag]@sha256:…}. A reference by tag alone
 * is refused: a tag can move, a digest cannot.
 */
public record ImageReference(String repository, String tag, Digest digest) {

    private static final Pattern FORM = Pattern.compile(
            "(?<repo>[a-z0-9]+(?:[._/:-][a-z0-9]+)*?)(?::(?<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?@(?<digest>[^@]+)");

    public ImageReference {
        Objects.requireNonNull(repository, "image repository must not be null");
        Objects.requireNonNull(digest, "image digest must not be null");
        if (repository.isBlank()) {
            throw new IllegalArgumentException("image repository must not be empty");
        }
    }

    /** Parses {@code repo/name@sha256:…}, with an optional tag before the digest. */
    public static ImageReference parse(String reference) {
        if (reference == null || reference.isBlank()) {
            throw new IllegalArgumentException(
                    "image reference must be 'repository@sha256:<64 hex>', but was empty");
        }
        String text = reference.trim();
        Matcher m = FORM.matcher(text);
        if (!text.contains("@")) {
            throw new IllegalArgumentException("image reference must be pinned by digest, 'repository@sha256:<64 hex>', but was '"
                    + text + "': a tag can be moved, so promote the digest the registry reported for it");
        }
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "image reference must be 'repository[:tag]@sha256:<64 hex>' with a lower-case repository, but was '" + text + "'");
        }
        return new ImageReference(m.group("repo"), m.group("tag"), new Digest(m.group("digest")));
    }

    /** The form Kubernetes must be given: by digest, never by tag. */
    public String pinned() {
        return repository + "@" + digest.value();
    }

    @Override
    public String toString() {
        return (tag == null ? repository : repository + ":" + tag) + "@" + digest.value();
    }
}
