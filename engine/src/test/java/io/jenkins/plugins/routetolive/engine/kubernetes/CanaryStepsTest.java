package io.jenkins.plugins.routetolive.engine.kubernetes;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Canary steps as users write them: the user guide's {@code canarySteps: '10,50'}, the final 100 % implied. */
class CanaryStepsTest {

    @Test
    void userGuideExampleStepsThroughTenAndFiftyThenHundred() {
        DeploymentStrategy.Canary canary = DeploymentStrategy.Canary.fromSteps("10,50");

        assertThat(canary.stepPercents()).containsExactly(10, 50, 100);
        assertThat(canary.describe()).isEqualTo("canary in steps of 10 % → 50 % → 100 %");
    }

    @Test
    void stepsWithoutHundredEndWithHundredAndStepsWithItAreKept() {
        assertThat(new DeploymentStrategy.Canary(List.of(10, 50)).stepPercents()).containsExactly(10, 50, 100);
        assertThat(new DeploymentStrategy.Canary(List.of(25, 50, 100)).stepPercents()).containsExactly(25, 50, 100);
        assertThat(DeploymentStrategy.Canary.fromSteps("100").stepPercents()).containsExactly(100);
        assertThat(new DeploymentStrategy.Canary(List.of(10, 50))).isEqualTo(new DeploymentStrategy.Canary(List.of(10, 50, 100)));
    }

    @Test
    void acceptsSpacesAndPercentSigns() {
        assertThat(DeploymentStrategy.Canary.fromSteps(" 10, 50%  100 ").stepPercents()).containsExactly(10, 50, 100);
        assertThat(DeploymentStrategy.Canary.fromSteps("5 20").stepPercents()).containsExactly(5, 20, 100);
    }

    @Test
    void refusesStepsThatDoNotRiseNamingTheValue() {
        assertThatThrownBy(() -> DeploymentStrategy.Canary.fromSteps("50,10"))
                .hasMessage("canary steps must rise strictly, but 10 follows 50 in '50,10'");
        assertThatThrownBy(() -> DeploymentStrategy.Canary.fromSteps("10,10,50"))
                .hasMessage("canary steps must rise strictly, but 10 follows 10 in '10,10,50'");
        assertThatThrownBy(() -> new DeploymentStrategy.Canary(List.of(50, 10, 100)))
                .hasMessage("canary steps must rise strictly, but 10 follows 50 in [50, 10, 100]");
    }

    @Test
    void refusesPercentagesOutsideOneToHundredNamingTheValue() {
        assertThatThrownBy(() -> DeploymentStrategy.Canary.fromSteps("0,50"))
                .hasMessage("canary steps must each be a percentage from 1 to 100, but 0 was given in '0,50'");
        assertThatThrownBy(() -> DeploymentStrategy.Canary.fromSteps("-5"))
                .hasMessageContaining("but -5 was given in '-5'");
        assertThatThrownBy(() -> DeploymentStrategy.Canary.fromSteps("10,150"))
                .hasMessageContaining("but 150 was given in '10,150'");
        assertThatThrownBy(() -> new DeploymentStrategy.Canary(List.of(10, 250)))
                .hasMessageContaining("but 250 was given in [10, 250]");
    }

    @Test
    void refusesWhatIsNotAWholePercentageNamingIt() {
        assertThatThrownBy(() -> DeploymentStrategy.Canary.fromSteps("10,ten"))
                .hasMessage("canarySteps must be whole percentages separated by commas such as '10,50', but 'ten' in "
                        + "'10,ten' is not one");
        assertThatThrownBy(() -> DeploymentStrategy.Canary.fromSteps("12.5,50")).hasMessageContaining("'12.5' in '12.5,50'");
        assertThatThrownBy(() -> DeploymentStrategy.Canary.fromSteps("99999999999")).hasMessageContaining("'99999999999'");
    }

    @Test
    void refusesNoStepsAtAll() {
        assertThatThrownBy(() -> DeploymentStrategy.Canary.fromSteps(" ")).hasMessageContaining("such as '10,50'")
                .hasMessageEndingWith("but was ' '");
        assertThatThrownBy(() -> DeploymentStrategy.Canary.fromSteps(null)).hasMessageEndingWith("but was 'null'");
        assertThatThrownBy(() -> new DeploymentStrategy.Canary(List.of())).hasMessageContaining("at least one percentage")
                .hasMessageEndingWith("but were []");
    }
}
