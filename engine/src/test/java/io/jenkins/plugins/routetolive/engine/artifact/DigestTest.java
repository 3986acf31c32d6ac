package io.jenkins.plugins.routetolive.engine.artifact;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DigestTest {

    private static final String HEX = "49bc20df15e412a64472421e13fe86ff1c5165e18b2afccf160d4dc19fe68a14";

    @Test
    void acceptsSha256FollowedBy64LowerCaseHex() {
        Digest digest = new Digest("sha256:" + HEX);

        assertThat(digest.hex()).isEqualTo(HEX);
        assertThat(digest.shortForm()).isEqualTo("sha256:49bc20df15e4…");
        assertThat(digest).hasToString("sha256:" + HEX);
    }

    @Test
    void refusesDigestTooShortNamingExpectedFormAndValue() {
        assertThatThrownBy(() -> new Digest("sha256:abc"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'sha256:' followed by 64")
                .hasMessageContaining("hex characters")
                .hasMessageContaining("'sha256:abc'");
    }

    @Test
    void refusesOtherAlgorithmsNamingExpectedFormAndValue() {
        assertThatThrownBy(() -> Digest.parse("md5:" + HEX))
                .hasMessageContaining("'sha256:' followed by 64")
                .hasMessageContaining("'md5:" + HEX + "'");
    }

    @Test
    void refusesNonHexCharacters() {
        String bad = "sha256:" + HEX.substring(0, 63) + "g";
        assertThatThrownBy(() -> Digest.parse(bad)).hasMessageContaining("'" + bad + "'");
    }

    @Test
    void refusesUpperCaseInTheConstructorButParseNormalisesIt() {
        assertThatThrownBy(() -> new Digest("sha256:" + HEX.toUpperCase())).hasMessageContaining("lower-case hex");

        assertThat(Digest.parse("  SHA256:" + HEX.toUpperCase() + "\n")).isEqualTo(new Digest("sha256:" + HEX));
    }

    @Test
    void refusesNullNamingTheExpectedForm() {
        assertThatThrownBy(() -> Digest.parse(null)).hasMessageContaining("'sha256:' followed by 64 hex characters");
    }

    @Test
    void abbreviatesVeryLongBadValuesInTheMessage() {
        String bad = "x".repeat(10_000);
        assertThatThrownBy(() -> new Digest(bad)).message().hasSizeLessThan(300).contains("xxxx…");
    }
}
