package dev.provisioner.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.provisioner.server.core.timeline.BootEvent;
import dev.provisioner.server.core.timeline.Labels;
import java.time.Instant;

/** One boot event as the API shows it; kind, transport and outcome in lower case ({@code ipxe_script}, {@code http}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventDocument(Instant time, String mac, String kind, String transport, String outcome, String artifact,
                            String detail, String uuid, String serial, String arch, String platform, String vendorClass, String source) {

    public static EventDocument of(BootEvent event) {
        return new EventDocument(event.time(), event.machine().mac().map(Object::toString).orElse(null), Labels.of(event.kind()), Labels.of(event.transport()), Labels.of(event.outcome()),
                event.artifact(), event.detail(), event.machine().uuid(), event.machine().serial(),
                event.machine().arch(), event.machine().platform(), event.machine().vendorClass(), event.machine().source());
    }
}
