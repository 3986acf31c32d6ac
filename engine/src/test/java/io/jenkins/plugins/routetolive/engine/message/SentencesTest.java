package io.jenkins.plugins.routetolive.engine.message;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SentencesTest {

    @Test
    void joiningAfterASentenceThatAlreadyEndsAddsNoSecondFullStop() {
        assertThat(Sentences.join("Promotion failed: Fix the target's container name.", "There is no last known good."))
                .isEqualTo("Promotion failed: Fix the target's container name. There is no last known good.");
        assertThat(Sentences.join("Promotion failed: timed out", "There is no last known good"))
                .isEqualTo("Promotion failed: timed out. There is no last known good.");
        assertThat(Sentences.join("Is it there?", "", null, "Yes!")).isEqualTo("Is it there? Yes!");
    }

    @Test
    void endAddsAFullStopOnlyWhereNoneIs() {
        assertThat(Sentences.end("rolled back")).isEqualTo("rolled back.");
        assertThat(Sentences.end("rolled back. ")).isEqualTo("rolled back.");
        assertThat(Sentences.end("")).isEmpty();
    }

    @Test
    void clauseDropsTheClosingFullStopForUseInsideASentence() {
        assertThat("failed (" + Sentences.clause("ReplicaSet has timed out progressing.") + ")")
                .isEqualTo("failed (ReplicaSet has timed out progressing)");
        assertThat(Sentences.clause("waiting...")).isEqualTo("waiting...");
        assertThat(Sentences.clause("no stop")).isEqualTo("no stop");
    }
}
