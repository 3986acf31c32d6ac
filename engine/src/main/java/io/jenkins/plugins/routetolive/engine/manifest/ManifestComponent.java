package io.jenkins.plugins.routetolive.engine.manifest;

import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.artifact.Digest;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One component of a release manifest: an application at an exact version and digest.
 *
 * @param application the application, as registered
 * @param version     its version, as registered
 * @param digest      its digest, as registered
 * @param pinned      whether the release does not change it: it must already run this digest wherever the
 *                    manifest goes, and is checked, never deployed
 * @param dependsOn   applications of the same manifest that must be deployed before this one (sorted, distinct)
 * @param kubernetes  where the plugin deploys it on Kubernetes; empty when something else deploys it (then only
 *                    the gates verify it)
 */
public record ManifestComponent(String application, String version, Digest digest, boolean pinned, List<String> dependsOn,
                                Optional<ManifestTarget> kubernetes) {

    public ManifestComponent {
        Objects.requireNonNull(digest, "component " + application + ": digest must not be null");
        new Artifact(application, version, digest);
        dependsOn = List.copyOf(new TreeSet<>(Objects.requireNonNullElse(dependsOn, List.of())));
        if (dependsOn.contains(application)) {
            throw new IllegalArgumentException("component " + application + " must not depend on itself, but its dependsOn "
                    + "was " + dependsOn);
        }
        kubernetes = Objects.requireNonNullElse(kubernetes, Optional.empty());
    }

    /** A component without a Kubernetes target. */
    public ManifestComponent(String application, String version, Digest digest, boolean pinned, List<String> dependsOn) {
        this(application, version, digest, pinned, dependsOn, Optional.empty());
    }

    /** A component that changes in this release and depends on nothing. */
    public static ManifestComponent of(Artifact artifact) {
        return new ManifestComponent(artifact.application(), artifact.version(), artifact.digest(), false, List.of());
    }

    public Artifact artifact() {
        return new Artifact(application, version, digest);
    }

    /** "shop 1.1.0 (sha256:ab12…)" */
    public String describe() {
        return artifact().describe();
    }
}
