package io.jenkins.plugins.routetolive.actions;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides what may be a secret in text that reaches a page or the REST API: the user information of a URL
 * ({@code https://user:password@host}) and the values of query parameters named like secrets
 * ({@code ?token=…}). A health URL is written in a Jenkinsfile and recorded in the ledger as the gate's
 * name; a password in it is still a password.
 */
final class Redaction {

    static final String HIDDEN = "****";

    private static final Pattern URL = Pattern.compile("(?i)\\b(https?://)([^\\s/?#@]*@)?([^\\s]*)");
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "(?i)([?&;][^=&#\\s]*(?:token|secret|passw|pwd|key|auth|sig|credential|session)[^=&#\\s]*=)([^&#\\s]*)");

    private Redaction() {
    }

    static String text(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        Matcher url = URL.matcher(text);
        StringBuilder out = new StringBuilder();
        while (url.find()) {
            String rest = SECRET_PARAMETER.matcher(url.group(3)).replaceAll("$1" + HIDDEN);
            String replacement = url.group(1) + (url.group(2) == null ? "" : HIDDEN + "@") + rest;
            url.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        url.appendTail(out);
        return out.toString();
    }
}
