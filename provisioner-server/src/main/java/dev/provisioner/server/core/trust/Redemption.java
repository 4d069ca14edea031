package dev.provisioner.server.core.trust;

import dev.provisioner.server.core.MacAddress;
import java.util.Optional;

/** What presenting an enrollment credential came to. */
public sealed interface Redemption {

    /** The credential was good and is now spent. */
    record Redeemed(BootAttempt attempt) implements Redemption {
    }

    /** Unknown, forged, expired, spent or in conflict; {@code mac} when the credential named a machine. */
    record Refused(Optional<MacAddress> mac, String reason) implements Redemption {
    }
}
