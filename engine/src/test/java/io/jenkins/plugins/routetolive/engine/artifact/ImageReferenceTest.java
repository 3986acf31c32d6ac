package io.jenkins.plugins.routetolive.engine.artifact;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageReferenceTest {

    private static final String DIGEST = "sha256:" + "ab12".repeat(16);

    @Test
    void parsesRepositoryTagAndDigest() {
        ImageReference ref = ImageReference.parse("registry.example.com:5000/team/shop:1.2.3@" + DIGEST);

        assertThat(ref.repository()).isEqualTo("registry.example.com:5000/team/shop");
        assertThat(ref.tag()).isEqualTo("1.2.3");
        assertThat(ref.digest()).isEqualTo(new Digest(DIGEST));
        assertThat(ref.pinned()).isEqualTo("registry.example.com:5000/team/shop@" + DIGEST);
        assertThat(ref).hasToString("registry.example.com:5000/team/shop:1.2.3@" + DIGEST);
    }

    @Test
    void parsesDigestOnly() {
        ImageReference ref = ImageReference.parse("ghcr.io/acme/shop@" + DIGEST);

        assertThat(ref.repository()).isEqualTo("ghcr.io/acme/shop");
        assertThat(ref.tag()).isNull();
        assertThat(ref.pinned()).isEqualTo("ghcr.io/acme/shop@" + DIGEST);
    }

    @Test
    void parsesRegistryWithPortAndNoTag() {
        ImageReference ref = ImageReference.parse("localhost:5000/shop@" + DIGEST);

        assertThat(ref.repository()).isEqualTo("localhost:5000/shop");
        assertThat(ref.tag()).isNull();
    }

    @Test
    void refusesTagOnlyReferenceSayingWhy() {
        assertThatThrownBy(() -> ImageReference.parse("ghcr.io/acme/shop:1.2.3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pinned by digest")
                .hasMessageContaining("'ghcr.io/acme/shop:1.2.3'")
                .hasMessageContaining("a tag can be moved");
    }

    @Test
    void refusesUpperCaseRepository() {
        assertThatThrownBy(() -> ImageReference.parse("ghcr.io/Acme/Shop@" + DIGEST))
                .hasMessageContaining("lower-case repository")
                .hasMessageContaining("'ghcr.io/Acme/Shop@" + DIGEST + "'");
    }

    @Test
    void refusesMalformedDigestNamingExpectedForm() {
        assertThatThrownBy(() -> ImageReference.parse("ghcr.io/acme/shop@sha256:abc"))
                .hasMessageContaining("'sha256:' followed by 64")
                .hasMessageContaining("sha256:abc");
    }

    @Test
    void refusesEmptyReference() {
        assertThatThrownBy(() -> ImageReference.parse("  ")).hasMessageContaining("repository@sha256:");
    }
}
