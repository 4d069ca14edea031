package dev.provisioner.server.core;

import dev.provisioner.server.core.timeline.ArtifactKind;
import java.net.URI;
import java.util.Optional;

/**
 * One boot loader's answers to the core's one decision: a renderer, not a decision. Adding a boot loader (GRUB, a
 * DHCP boot file) adds an implementation of this, never another copy of the dispatch in {@link BootService}.
 *
 * @param <T> what the transport sends
 */
public interface BootLoader<T> {

    /** What the timeline calls this answer. */
    ArtifactKind kind();

    /** @throws RuntimeException when a template does not render; the machine then gets {@link #refusal} */
    T boot(BootPlan plan, URI base);

    /**
     * The machine cannot boot now: the answer shows the reason on its console and asks again later.
     *
     * @throws RuntimeException when a template does not render; the machine then gets {@link #plainRefusal}
     */
    T refusal(String reason, URI base);

    /** The answer of last resort, made without templates: a machine is always told why, even by a broken server. */
    T plainRefusal(String reason, URI base);

    /**
     * The machine is in state {@code local}: send it to its own disk, the profile's way.
     *
     * @param who the machine as its answer names it
     */
    T local(LocalBoot how, String who, URI base);

    /** Neither registered nor covered by a default profile. */
    T unknown(String reason, URI base);

    /**
     * What the asker said beyond who it is, for the event's detail: a DHCP request's vendor class, relay and
     * requested address. Most loaders' requests say nothing more.
     */
    default Optional<String> asked() {
        return Optional.empty();
    }
}
