package dev.provisioner.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.provisioner.server.core.MacAddress;
import dev.provisioner.server.core.MachineIdentity;
import dev.provisioner.server.core.timeline.ArtifactKind;
import dev.provisioner.server.core.timeline.BootEvent;
import dev.provisioner.server.core.timeline.Labels;
import dev.provisioner.server.core.timeline.Outcome;
import dev.provisioner.server.core.timeline.Transfer;
import dev.provisioner.server.core.timeline.Transport;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One boot event as the API shows it and the timeline's files keep it: kind, transport and outcome in lower case
 * ({@code ipxe_script}, {@code http}); {@code bytes} and {@code durationMs} (to the microsecond) for a measured
 * download.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventDocument(Instant time, String mac, String kind, String transport, String outcome, String artifact,
                            String detail, String uuid, String serial, String arch, String platform, String vendorClass,
                            String source, Long bytes, Double durationMs) {

    public static EventDocument of(BootEvent event) {
        MachineIdentity who = event.machine();
        return new EventDocument(event.time(), who.mac().map(MacAddress::value).orElse(null), Labels.of(event.kind()),
                Labels.of(event.transport()), Labels.of(event.outcome()), event.artifact(), event.detail(), who.uuid(),
                who.serial(), who.arch(), who.platform(), who.vendorClass(), who.source(),
                event.transfer().map(Transfer::bytes).orElse(null),
                event.transfer().map(t -> t.took().toNanos() / 1e6).orElse(null));
    }

    /** The event this document was made from; {@link IllegalArgumentException} for one no event makes. */
    public BootEvent toEvent() {
        if (time == null || kind == null || transport == null || outcome == null) {
            throw new IllegalArgumentException("an event needs time, kind, transport and outcome");
        }
        Optional<Transfer> transfer = bytes == null || durationMs == null ? Optional.empty()
                : Optional.of(new Transfer(bytes, Duration.ofNanos(Math.round(durationMs * 1e6))));
        return new BootEvent(time, new MachineIdentity(MacAddress.parse(mac), uuid, serial, arch, platform, vendorClass,
                source), Labels.parse(ArtifactKind.class, kind), Labels.parse(Transport.class, transport),
                Labels.parse(Outcome.class, outcome), artifact, detail, transfer);
    }
}
