package io.jenkins.plugins.routetolive.engine.approval;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The words a policy gives to people who ask why they may not approve: users are not groups. */
class ApprovalPolicyTest {

    @Test
    void namesUsersAsPeopleAndGroupsAsMembers() {
        assertThat(new ApprovalPolicy(1, Set.of(), Set.of("tess"), false, false).describeWhoMayApprove())
                .isEqualTo("tess");
        assertThat(new ApprovalPolicy(2, Set.of(), Set.of("rita", "ravi"), false, false).describeWhoMayApprove())
                .isEqualTo("ravi or rita");
        assertThat(new ApprovalPolicy(1, Set.of("testers", "qa"), Set.of(), false, false).describeWhoMayApprove())
                .isEqualTo("members of qa or testers");
        assertThat(new ApprovalPolicy(1, Set.of("testers"), Set.of("tess"), false, false).describeWhoMayApprove())
                .isEqualTo("members of testers, or tess");
    }

    @Test
    void describesTheRuleOrSaysThatNoApprovalIsNeeded() {
        assertThat(ApprovalPolicy.none().describe()).isEqualTo("no approval needed");
        assertThat(ApprovalPolicy.of(1, "testers").describe()).isEqualTo("1 approval from members of testers");
        assertThat(new ApprovalPolicy(2, Set.of(), Set.of("rita", "ravi"), false, false).describe())
                .isEqualTo("2 approvals from ravi or rita");
    }

    @Test
    void refusesSomeoneWhoIsNotTheNamedApproverSayingWhoIs() {
        ApprovalTally tally = ApprovalTally.open("test", new ApprovalPolicy(1, Set.of(), Set.of("tess"), false, false),
                "dora", Set.of());

        assertThatThrownBy(() -> tally.approve(new Actor("dora", Set.of(), Set.of(Privilege.APPROVE)), "ok", Instant.EPOCH))
                .isInstanceOf(ApprovalRefusedException.class)
                .hasMessage("Only tess may approve test; you are dora.");
    }
}
