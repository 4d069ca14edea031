package dev.provisioner.server.core.trust;

import dev.provisioner.server.core.MacAddress;
import java.time.Instant;
import java.util.Objects;

/**
 * One boot of a registered machine, opened when its boot script or pxelinux config is served: the MAC, the address
 * it asked from, and until when the secret-bearing artifacts signed for it may be fetched, from that address only.
 */
public record BootAttempt(String id, MacAddress mac, String source, Instant opened, Instant expires) {

    public BootAttempt {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(opened, "opened");
        Objects.requireNonNull(expires, "expires");
    }

    public boolean liveAt(Instant now) {
        return now.isBefore(expires);
    }
}
