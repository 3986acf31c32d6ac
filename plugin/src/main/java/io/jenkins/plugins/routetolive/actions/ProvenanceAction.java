package io.jenkins.plugins.routetolive.actions;

import hudson.model.Run;
import java.io.IOException;
import jenkins.model.RunAction2;

/** A build page link to the in-toto provenance a {@code provenance} step wrote. */
public final class ProvenanceAction implements RunAction2 {

    private final String application;
    private final String digest;
    private final String json;
    private transient Run<?, ?> run;

    private ProvenanceAction(String application, String digest, String json) {
        this.application = application;
        this.digest = digest;
        this.json = json;
    }

    public static void attach(Run<?, ?> run, String application, String digest, String json) throws IOException {
        run.addOrReplaceAction(new ProvenanceAction(application, digest, json));
        run.save();
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }

    public Run<?, ?> getRun() {
        return run;
    }

    public String getApplication() {
        return application;
    }

    public String getDigest() {
        return digest;
    }

    public String getJson() {
        return json;
    }

    @Override
    public String getIconFileName() {
        return "symbol-document-text";
    }

    @Override
    public String getDisplayName() {
        return "Provenance (in-toto)";
    }

    @Override
    public String getUrlName() {
        return "route-to-live-provenance";
    }
}
