package io.jenkins.plugins.routetolive.engine.message;

import java.util.StringJoiner;

/**
 * The one place where messages are put together from parts that may already be sentences, such as an
 * exception's message or a gate's summary, so that no message reads "name.. There is" or "(timed out.)".
 */
public final class Sentences {

    private Sentences() {
    }

    /** The text as a sentence: with a full stop at its end unless it already ends with '.', '!' or '?'. */
    public static String end(String text) {
        String t = text == null ? "" : text.stripTrailing();
        if (t.isEmpty() || t.endsWith(".") || t.endsWith("!") || t.endsWith("?")) {
            return t;
        }
        return t + ".";
    }

    /** Sentences one after the other, each ended by {@link #end}, separated by one space; blank parts are left out. */
    public static String join(String... sentences) {
        StringJoiner joined = new StringJoiner(" ");
        for (String s : sentences) {
            if (s != null && !s.isBlank()) {
                joined.add(end(s.strip()));
            }
        }
        return joined.toString();
    }

    /**
     * The text without its closing full stop, for use inside another sentence: in parentheses, or before a
     * semicolon or a comma. An ellipsis ("...") is kept.
     */
    public static String clause(String text) {
        String t = text == null ? "" : text.strip();
        if (t.endsWith(".") && !t.endsWith("..")) {
            return t.substring(0, t.length() - 1);
        }
        return t;
    }
}
