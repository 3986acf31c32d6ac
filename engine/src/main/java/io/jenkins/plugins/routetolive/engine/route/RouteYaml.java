package io.jenkins.plugins.routetolive.engine.route;

import io.jenkins.plugins.routetolive.engine.route.internal.RouteYamlReader;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads routes written in YAML. Every problem is reported as a {@link RouteDefinitionException} naming
 * the source, the line and the rule broken. The format is described in {@code docs/routes.md}.
 */
public final class RouteYaml {

    private RouteYaml() {
    }

    public static Route read(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return new RouteYamlReader(file.toString()).read(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read route file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a route from text; {@code source} names it in error messages. */
    public static Route parse(String source, String yaml) {
        return new RouteYamlReader(source).read(new StringReader(yaml));
    }
}
