package io.jenkins.plugins.routetolive.actions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** What the pages and the REST API hide of a URL in a gate's name or a reason. */
class RedactionTest {

    @Test
    void hidesUserInformationAndSecretLookingQueryValuesButNothingElse() {
        assertEquals("HTTP health check https://****@shop.example.com/health",
                Redaction.text("HTTP health check https://deploy:hunter2@shop.example.com/health"));
        assertEquals("HTTP health check http://127.0.0.1:8080/health?verbose=true&access_token=****&apiKey=****#top",
                Redaction.text("HTTP health check http://127.0.0.1:8080/health?verbose=true&access_token=abc.def"
                        + "&apiKey=42#top"));
        assertEquals("3 checks failed in a row (status 503 is not 2xx) after 2.1 s",
                Redaction.text("3 checks failed in a row (status 503 is not 2xx) after 2.1 s"));
        assertEquals("", Redaction.text(""));
    }
}
