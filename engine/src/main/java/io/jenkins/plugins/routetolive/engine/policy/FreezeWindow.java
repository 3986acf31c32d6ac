package io.jenkins.plugins.routetolive.engine.policy;

import java.time.Instant;

/** A period during which nothing may be promoted into an environment without a recorded override. */
public interface FreezeWindow {

    /** Whether the instant falls inside this window. */
    boolean covers(Instant instant);

    /** The window as a person would say it: "no-friday-deploys (FRIDAY 12:00 to MONDAY 06:00 Europe/Berlin)". */
    String describe();
}
