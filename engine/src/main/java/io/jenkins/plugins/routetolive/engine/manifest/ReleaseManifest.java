package io.jenkins.plugins.routetolive.engine.manifest;

import io.jenkins.plugins.routetolive.engine.artifact.Artifact;
import io.jenkins.plugins.routetolive.engine.artifact.Digest;
import io.jenkins.plugins.routetolive.engine.artifact.Digests;
import io.jenkins.plugins.routetolive.engine.artifact.RegisteredArtifact;
import io.jenkins.plugins.routetolive.engine.manifest.internal.CanonicalManifest;
import io.jenkins.plugins.routetolive.engine.manifest.internal.DeploymentOrder;
import io.jenkins.plugins.routetolive.engine.manifest.internal.ManifestReader;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A release: several components, each at an exact digest, that move through the route together. Its
 * identity is the sha256 of its canonical JSON (see {@code docs/manifests.md}), so the order in which
 * components are written and the formatting do not matter, and changing any component makes a new release.
 * The format is described in {@code docs/manifests.md} and {@code docs/manifest.schema.json}.
 */
public final class ReleaseManifest {

    private final String name;
    private final String version;
    private final List<ManifestComponent> components;
    private final List<ManifestComponent> deploymentOrder;
    private final String canonicalJson;
    private final Digest digest;

    /** Validates the manifest: a name and version like an artifact's, distinct applications, no dependency cycle. */
    public ReleaseManifest(String name, String version, List<ManifestComponent> components) {
        Objects.requireNonNull(components, "manifest " + name + ": components must not be null");
        try {
            Artifact.requireApplicationName(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("manifest name: " + e.getMessage().replace("application must", "must"));
        }
        Objects.requireNonNull(version, "manifest " + name + ": version must not be null");
        if (!version.matches("[A-Za-z0-9][A-Za-z0-9._+-]{0,127}")) {
            throw new IllegalArgumentException("manifest " + name + ": version must be 1 to 128 letters, digits, '.', '_', "
                    + "'+' or '-', starting with a letter or digit, but was '" + version + "'");
        }
        if (components.isEmpty()) {
            throw new IllegalArgumentException("manifest " + name + " " + version + " has no components: list at least one");
        }
        Set<String> seen = new HashSet<>();
        for (ManifestComponent c : components) {
            if (!seen.add(c.application())) {
                throw new IllegalArgumentException("manifest " + name + " " + version + " lists application " + c.application()
                        + " twice; each application appears once, at one digest");
            }
        }
        this.name = name;
        this.version = version;
        this.components = components.stream().sorted(Comparator.comparing(ManifestComponent::application)).toList();
        this.deploymentOrder = DeploymentOrder.of(name + " " + version, this.components);
        this.canonicalJson = CanonicalManifest.json(name, version, this.components);
        this.digest = Digests.ofBytes(canonicalJson.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads a manifest written in YAML or JSON. Every problem is a {@link ManifestDefinitionException}
     * naming the source, the line and the rule broken.
     */
    public static ReleaseManifest parse(String source, String text) {
        return new ManifestReader(source).read(new StringReader(Objects.requireNonNull(text, "manifest text")));
    }

    /** A manifest of registered artifacts, none pinned, with no dependencies between them. */
    public static ReleaseManifest of(String name, String version, List<RegisteredArtifact> artifacts) {
        return new ReleaseManifest(name, version, artifacts.stream().map(a -> ManifestComponent.of(a.artifact())).toList());
    }

    public String name() {
        return name;
    }

    public String version() {
        return version;
    }

    /** The components, sorted by application. */
    public List<ManifestComponent> components() {
        return components;
    }

    public Optional<ManifestComponent> component(String application) {
        return components.stream().filter(c -> c.application().equals(application)).findFirst();
    }

    /** Dependencies first; among components that do not depend on each other, alphabetical. */
    public List<ManifestComponent> deploymentOrder() {
        return deploymentOrder;
    }

    /** The identity of this release: sha256 of {@link #canonicalJson()}. */
    public Digest digest() {
        return digest;
    }

    /** Keys sorted, components sorted by application, no white space. */
    public String canonicalJson() {
        return canonicalJson;
    }

    /** "shop-release 2026.11 (sha256:ab12…)" */
    public String describe() {
        return name + " " + version + " (" + digest.shortForm() + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReleaseManifest other && digest.equals(other.digest);
    }

    @Override
    public int hashCode() {
        return digest.hashCode();
    }

    @Override
    public String toString() {
        return "ReleaseManifest[" + describe() + ", " + components + "]";
    }
}
