package io.jenkins.plugins.routetolive.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How long a stopped controller's promotions stay its own, as the administrator sets it on the controller's JVM. */
class TakeoverGracePeriodTest {

    @AfterEach
    void forget() {
        System.clearProperty(LedgerStore.TAKEOVER_GRACE_PROPERTY);
    }

    @Test
    void tenMinutesUnlessTheControllerIsStartedWithAnother() {
        assertEquals(Duration.ofMinutes(10), LedgerStore.takeoverGracePeriod());
        System.setProperty("io.jenkins.plugins.routetolive.takeoverGraceSeconds", "20");
        assertEquals(Duration.ofSeconds(20), LedgerStore.takeoverGracePeriod());
        System.setProperty("io.jenkins.plugins.routetolive.takeoverGraceSeconds", "-5");
        assertEquals(Duration.ZERO, LedgerStore.takeoverGracePeriod(), "never negative");
    }
}
