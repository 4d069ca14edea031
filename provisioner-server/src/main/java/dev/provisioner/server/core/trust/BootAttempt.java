package dev.provisioner.server.core.trust;

import dev.provisioner.server.core.MacAddress;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One boot of a registered machine, opened when its boot script or pxelinux config is served or DHCP shows its
 * address: the MAC, the address it asked from, and until when the secret-bearing artifacts signed for it may be
 * fetched, from that address only. {@code conflictFrom} is the address of a second asker while it was live: from then
 * on nobody gets anything signed for the machine, whatever the time, until an operator clears it. {@code enrolled} is
 * when its one enrollment credential was spent; {@code armed} whether an operator's arming was spent to open it.
 */
public record BootAttempt(String id, MacAddress mac, String source, Instant opened, Instant expires,
                          Optional<String> conflictFrom, Optional<Instant> enrolled, boolean armed) {

    public BootAttempt {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(opened, "opened");
        Objects.requireNonNull(expires, "expires");
        conflictFrom = conflictFrom == null ? Optional.empty() : conflictFrom;
        enrolled = enrolled == null ? Optional.empty() : enrolled;
    }

    BootAttempt inConflictWith(String asker) {
        return new BootAttempt(id, mac, source, opened, expires, Optional.of(asker), enrolled, armed);
    }

    BootAttempt enrolledAt(Instant when) {
        return new BootAttempt(id, mac, source, opened, expires, conflictFrom, Optional.of(when), armed);
    }

    public boolean liveAt(Instant now) {
        return now.isBefore(expires);
    }
}
