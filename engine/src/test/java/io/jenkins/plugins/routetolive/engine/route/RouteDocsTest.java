package io.jenkins.plugins.routetolive.engine.route;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** docs/routes.md stays true to the reader: its examples are read and compared with what the code builds. */
class RouteDocsTest {

    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);

    @Test
    void theDocumentedDefaultRouteIsTheDefaultRoute() throws IOException {
        List<String> blocks = yamlBlocks();

        Route documented = RouteYaml.parse("docs/routes.md", blocks.get(0));

        assertThat(documented.name()).isEqualTo(DefaultRoute.NAME);
        assertThat(documented.environments()).isEqualTo(DefaultRoute.create().environments());
    }

    @Test
    void theDocumentedShorterRouteReadsAsDescribed() throws IOException {
        Route documented = RouteYaml.parse("docs/routes.md", yamlBlocks().get(1));

        assertThat(documented.describe()).isEqualTo("development → staging → production");
        assertThat(documented.entry()).isEmpty();
        assertThat(documented.requiredBefore("development")).isEmpty();
    }

    @Test
    void theDocumentedErrorIsTheErrorTheReaderGives() throws IOException {
        String doc = Files.readString(docs(), StandardCharsets.UTF_8);
        RouteDefinitionException e = catchThrowableOfType(RouteDefinitionException.class, () -> RouteYaml.parse(
                "route-to-live.yaml", "name: r\nenvironments:\n  - name: dev\n    singelVersion: true\n"));

        assertThat(doc).contains(e.getMessage());
    }

    private static List<String> yamlBlocks() throws IOException {
        Matcher m = YAML_BLOCK.matcher(Files.readString(docs(), StandardCharsets.UTF_8));
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(m.group(1));
        }
        assertThat(blocks).hasSizeGreaterThanOrEqualTo(2);
        return blocks;
    }

    private static Path docs() {
        return Path.of("..", "docs", "routes.md");
    }
}
