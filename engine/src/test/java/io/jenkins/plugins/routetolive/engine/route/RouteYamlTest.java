package io.jenkins.plugins.routetolive.engine.route;

import io.jenkins.plugins.routetolive.engine.approval.ApprovalPolicy;
import io.jenkins.plugins.routetolive.engine.policy.DatedFreezeWindow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class RouteYamlTest {

    @TempDir
    Path dir;

    @Test
    void fullDefaultRouteFileReadsAsTheDefaultRoute() throws Exception {
        Route read = RouteYaml.read(resource("default-route.yaml"));

        Route expected = DefaultRoute.create();
        assertThat(read.name()).isEqualTo(expected.name());
        assertThat(read.environments()).isEqualTo(expected.environments());
    }

    @Test
    void shorterRouteWithoutOriginOrEntryAdmitsIntoDevelopmentOnRegistration() throws Exception {
        Route route = RouteYaml.read(resource("three-environments.yaml"));

        assertThat(route.name()).isEqualTo("small-team");
        assertThat(route.describe()).isEqualTo("development → staging → production");
        assertThat(route.entry()).isEmpty();
        assertThat(route.requiredBefore("development")).isEmpty();
        assertThat(route.requiredBefore("staging")).map(Environment::name).contains("development");
        assertThat(route.requiredBefore("production")).map(Environment::name).contains("staging");
        assertThat(route.environment("staging").approval())
                .isEqualTo(new ApprovalPolicy(1, Set.of(), Set.of("alice", "bob"), false, false));
        Environment production = route.environment("production");
        assertThat(production.freezeWindows()).containsExactly(new DatedFreezeWindow("year-end",
                Instant.parse("2026-12-20T00:00:00Z"), Instant.parse("2027-01-04T00:00:00Z")));
        assertThat(production.gates().interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(production.gates().deadline()).isEqualTo(Duration.ofMinutes(10));
        assertThat(production.gates().successThreshold()).isEqualTo(GateDefaults.STANDARD.successThreshold());
    }

    @Test
    void readsDurationsInEveryUnit() {
        Route route = parse("""
                name: r
                environments:
                  - name: dev
                    gates: {interval: 500ms, timeout: 2s, deadline: 1h, soak: 3m}
                """);

        GateDefaults gates = route.environment("dev").gates();
        assertThat(gates.interval()).isEqualTo(Duration.ofMillis(500));
        assertThat(gates.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(gates.deadline()).isEqualTo(Duration.ofHours(1));
        assertThat(gates.soak()).isEqualTo(Duration.ofMinutes(3));
    }

    @Test
    void unknownKeyIsRefusedWithItsLineAndTheAllowedKeys() {
        RouteDefinitionException e = refused("""
                name: r
                environments:
                  - name: dev
                    singelVersion: true
                """);

        assertThat(e.line()).isEqualTo(4);
        assertThat(e.getMessage()).startsWith("routes.yaml line 4: unknown key 'singelVersion' in an environment")
                .contains("allowed keys are approval, freeze, gates, name, rehearseRollback, role, singleVersion");
    }

    @Test
    void unknownTopLevelKeyIsRefused() {
        RouteDefinitionException e = refused("""
                name: r
                stages: []
                environments:
                  - name: dev
                """);

        assertThat(e.line()).isEqualTo(2);
        assertThat(e.getMessage()).contains("unknown key 'stages' in the route");
    }

    @Test
    void duplicateEnvironmentNamesAreRefusedAtTheSecondOne() {
        RouteDefinitionException e = refused("""
                name: r
                environments:
                  - name: dev
                  - name: test
                  - name: dev
                """);

        assertThat(e.line()).isEqualTo(5);
        assertThat(e.getMessage()).contains("environment 'dev' appears twice in route 'r'");
    }

    @Test
    void emptyEnvironmentNameIsRefused() {
        RouteDefinitionException e = refused("""
                name: r
                environments:
                  - name: dev
                  - name: ""
                """);

        assertThat(e.line()).isEqualTo(4);
        assertThat(e.getMessage()).contains("environment name must not be empty");
    }

    @Test
    void zeroEnvironmentsAreRefused() {
        RouteDefinitionException e = refused("""
                name: r
                environments: []
                """);

        assertThat(e.line()).isEqualTo(2);
        assertThat(e.getMessage()).contains("route 'r' has no environments: list at least one");
    }

    @Test
    void approvalCountAboveTheNamedUsersWithoutGroupsIsRefused() {
        RouteDefinitionException e = refused("""
                name: r
                environments:
                  - name: dev
                  - name: prod
                    approval:
                      required: 3
                      users: [alice, bob]
                """);

        assertThat(e.line()).isEqualTo(6);
        assertThat(e.getMessage()).contains("environment 'prod'")
                .contains("approvals required is 3 but only 2 approver users are named and no groups");
    }

    @Test
    void badDurationIsRefusedWithItsLine() {
        RouteDefinitionException e = refused("""
                name: r
                environments:
                  - name: dev
                    gates:
                      interval: 5 seconds
                """);

        assertThat(e.line()).isEqualTo(5);
        assertThat(e.getMessage()).contains("gates.interval")
                .contains("expected a duration such as 500ms, 5s, 2m or 1h, but was '5 seconds'");
    }

    @Test
    void badFreezeDayIsRefusedWithItsLine() {
        RouteDefinitionException e = refused("""
                name: r
                environments:
                  - name: prod
                    freeze:
                      windows:
                        - name: weekend
                          from: FRI 12:00
                          to: MOX 06:00
                """);

        assertThat(e.line()).isEqualTo(8);
        assertThat(e.getMessage()).contains("freeze window 'weekend'").contains("'MOX' is not a day of the week");
    }

    @Test
    void badFreezeTimeIsRefusedWithItsLine() {
        RouteDefinitionException e = refused("""
                name: r
                environments:
                  - name: prod
                    freeze:
                      windows:
                        - name: weekend
                          from: FRI 25:00
                          to: MON 06:00
                """);

        assertThat(e.line()).isBetween(6, 7);
        assertThat(e.getMessage()).contains("25:00");
    }

    @Test
    void invalidYamlSyntaxIsRefusedWithItsLine() {
        RouteDefinitionException e = refused("""
                name: r
                environments:
                  - name: dev
                  - name: [test
                """);

        assertThat(e.getMessage()).startsWith("routes.yaml line ").contains("not valid YAML");
        assertThat(e.line()).isBetween(4, 5);
    }

    @Test
    void duplicateYamlKeysAreRefusedWithTheSecondKeysLine() {
        RouteDefinitionException e = refused("""
                name: r
                environments:
                  - name: dev
                    singleVersion: true
                    singleVersion: false
                """);

        assertThat(e.line()).isEqualTo(5);
        assertThat(e.getMessage()).contains("singleVersion");
    }

    @Test
    void duplicateTopLevelKeysAreRefused() {
        RouteDefinitionException e = refused("""
                name: first
                environments:
                  - name: dev
                name: second
                """);

        assertThat(e.line()).isEqualTo(4);
        assertThat(e.getMessage()).contains("'name'");
    }

    @Test
    void emptyRouteNameIsRefusedOnItsOwnLine() {
        RouteDefinitionException e = refused("""
                name: ""
                environments:
                  - name: dev
                """);

        assertThat(e.line()).isEqualTo(1);
        assertThat(e.getMessage()).contains("route name must not be empty");
    }

    @Test
    void missingEnvironmentsAreRefused() {
        RouteDefinitionException e = refused("""
                name: r
                """);

        assertThat(e.getMessage()).contains("route 'r' has no 'environments'");
    }

    @Test
    void yesIsNotABooleanHere() {
        RouteDefinitionException e = refused("""
                name: r
                environments:
                  - name: dev
                    singleVersion: yes
                """);

        assertThat(e.line()).isEqualTo(4);
        assertThat(e.getMessage()).contains("singleVersion must be true or false, but was 'yes'");
    }

    @Test
    void emptyFileIsRefused() {
        RouteDefinitionException e = refused("# nothing here\n");

        assertThat(e.line()).isZero();
        assertThat(e.getMessage()).contains("the file is empty");
    }

    @Test
    void badRoleIsRefused() {
        RouteDefinitionException e = refused("""
                name: r
                environments:
                  - name: dev
                    role: staging
                """);

        assertThat(e.line()).isEqualTo(4);
        assertThat(e.getMessage()).contains("role must be origin, entry or deploy, but was 'staging'");
    }

    @Test
    void errorsFromAFileNameTheFile() throws IOException {
        Path file = Files.writeString(dir.resolve("route-to-live.yaml"), "name: r\nenvironments: []\n");

        RouteDefinitionException e = catchThrowableOfType(RouteDefinitionException.class, () -> RouteYaml.read(file));

        assertThat(e.source()).isEqualTo(file.toString());
        assertThat(e.getMessage()).startsWith(file + " line 2: ");
    }

    private static Route parse(String yaml) {
        return RouteYaml.parse("routes.yaml", yaml);
    }

    private static RouteDefinitionException refused(String yaml) {
        RouteDefinitionException e = catchThrowableOfType(RouteDefinitionException.class, () -> parse(yaml));
        assertThat(e).as("route definition error for:%n%s", yaml).isNotNull();
        assertThat(e.source()).isEqualTo("routes.yaml");
        return e;
    }

    private Path resource(String name) throws IOException, URISyntaxException {
        try (InputStream in = Objects.requireNonNull(getClass().getResourceAsStream("/routes/" + name), name)) {
            Path copy = dir.resolve(name);
            Files.copy(in, copy);
            return copy;
        }
    }
}
