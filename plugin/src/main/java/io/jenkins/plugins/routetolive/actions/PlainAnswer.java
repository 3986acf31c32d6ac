package io.jenkins.plugins.routetolive.actions;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * A refusal a script can read: the status and one sentence as {@code text/plain}, never a Jenkins error
 * page (the container replaces what {@code sendError} says with its own page for some statuses).
 */
final class PlainAnswer implements HttpResponse {

    private final int status;
    private final String sentence;

    private PlainAnswer(int status, String sentence) {
        this.status = status;
        this.sentence = sentence;
    }

    static PlainAnswer badRequest(String sentence) {
        return new PlainAnswer(HttpServletResponse.SC_BAD_REQUEST, sentence);
    }

    static PlainAnswer forbidden(String sentence) {
        return new PlainAnswer(HttpServletResponse.SC_FORBIDDEN, sentence);
    }

    static PlainAnswer notFound(String sentence) {
        return new PlainAnswer(HttpServletResponse.SC_NOT_FOUND, sentence);
    }

    static PlainAnswer conflict(String sentence) {
        return new PlainAnswer(HttpServletResponse.SC_CONFLICT, sentence);
    }

    int status() {
        return status;
    }

    String sentence() {
        return sentence;
    }

    @Override
    public void generateResponse(StaplerRequest2 req, StaplerResponse2 rsp, Object node) throws IOException {
        rsp.setStatus(status);
        rsp.setContentType("text/plain;charset=UTF-8");
        rsp.setCharacterEncoding(StandardCharsets.UTF_8.name());
        PrintWriter out = rsp.getWriter();
        out.println(sentence);
        out.flush();
    }
}
