package io.jenkins.plugins.routetolive.engine;

import io.jenkins.plugins.routetolive.engine.artifact.Digest;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine is plain Java: it must never use Jenkins classes, so it builds, tests and runs without Jenkins.
 * Checked twice: in the source text, and in the constant pools of the compiled classes.
 */
class EngineIndependenceTest {

    /** A reference to a Jenkins package in Java source, not preceded by a name part (so "io.jenkins." is fine). */
    static final Pattern JENKINS_IN_SOURCE = Pattern.compile("(?<![\\w.])(hudson|jenkins|org\\.kohsuke|org\\.jenkinsci)\\.\\w");
    /** The same in a class file: internal names such as "hudson/model/Run" or descriptors such as "Lhudson/model/Run;". */
    static final Pattern JENKINS_IN_CLASS = Pattern.compile("(?<![\\w/$])L?(hudson|jenkins|org/kohsuke|org/jenkinsci)/\\w");

    @Test
    void noMainSourceFileReferencesJenkinsPackages() throws IOException {
        Path sources = Path.of("src", "main", "java");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertThat(files).as("main source files found under %s", sources.toAbsolutePath()).hasSizeGreaterThan(20);
        List<String> offences = new ArrayList<>();
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (JENKINS_IN_SOURCE.matcher(lines.get(i)).find()) {
                    offences.add(file + ":" + (i + 1) + ": " + lines.get(i).trim());
                }
            }
        }
        assertThat(offences).as("engine sources must not use hudson.*, jenkins.*, org.kohsuke.* or org.jenkinsci.*").isEmpty();
    }

    @Test
    void noCompiledMainClassReferencesJenkinsPackages() throws IOException, URISyntaxException {
        Path classes = Path.of(Digest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk.filter(p -> p.toString().endsWith(".class")).toList();
        }
        assertThat(files).as("compiled main classes found under %s", classes).hasSizeGreaterThan(20);
        List<String> offences = new ArrayList<>();
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                for (String constant : utf8Constants(in)) {
                    if (JENKINS_IN_CLASS.matcher(constant).find()) {
                        offences.add(classes.relativize(file) + " refers to " + constant);
                    }
                }
            }
        }
        assertThat(offences).as("engine classes must not refer to Jenkins classes").isEmpty();
    }

    @Test
    void theScanPatternsRecogniseJenkinsReferencesAndNothingElse() {
        assertThat(JENKINS_IN_SOURCE.matcher("import hudson.model.Run;").find()).isTrue();
        assertThat(JENKINS_IN_SOURCE.matcher("import static jenkins.util.Timer.get;").find()).isTrue();
        assertThat(JENKINS_IN_SOURCE.matcher("import org.kohsuke.stapler.DataBoundConstructor;").find()).isTrue();
        assertThat(JENKINS_IN_SOURCE.matcher("  org.jenkinsci.plugins.workflow.steps.Step step;").find()).isTrue();
        assertThat(JENKINS_IN_SOURCE.matcher("import io.jenkins.plugins.routetolive.engine.route.Route;").find()).isFalse();
        assertThat(JENKINS_IN_CLASS.matcher("(Lhudson/model/Run;)V").find()).isTrue();
        assertThat(JENKINS_IN_CLASS.matcher("jenkins/util/Timer").find()).isTrue();
        assertThat(JENKINS_IN_CLASS.matcher("org/kohsuke/stapler/StaplerRequest").find()).isTrue();
        assertThat(JENKINS_IN_CLASS.matcher("io/jenkins/plugins/routetolive/engine/route/Route").find()).isFalse();
    }

    /** The UTF-8 entries of a class file's constant pool: every class, descriptor and string it names. */
    static List<String> utf8Constants(InputStream raw) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        List<String> utf8 = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8.add(in.readUTF());
                case 3, 4 -> in.skipNBytes(4);
                case 5, 6 -> {
                    in.skipNBytes(8);
                    i++;
                }
                case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
                case 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                case 15 -> in.skipNBytes(3);
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        return utf8;
    }
}
