package dev.provisioner.server.core.lifecycle;

import java.time.Duration;

/**
 * Where the counts of boots go, by profile only: never a MAC, an address or a token, so that what they are labelled
 * with is as bounded as the profiles. {@code unregistered} stands for machines that are not.
 */
public interface BootMetrics {

    String UNREGISTERED = "unregistered";

    void started(String profile);

    /** The boot reached its goal (node verified, config fetched or script fetched, per the profile). */
    void completed(String profile);

    /** The machine was set to failed: by the boot-loop guard, or by an operator. */
    void failed(String profile);

    /** The machine's node is Ready in the swarm, {@code sinceStart} after its boot's first request. */
    void joined(String profile, Duration sinceStart);
}
