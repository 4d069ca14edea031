package dev.provisioner.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.provisioner.server.core.discovery.DiscoveredMachine;
import java.time.Instant;

/** A discovered machine as the API shows it: what it said about itself and when it asked. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DiscoveredDocument(String mac, String uuid, String serial, String arch, String platform,
                                 String vendorClass, String source, Instant firstSeen, Instant lastSeen,
                                 long requests) {

    public static DiscoveredDocument of(DiscoveredMachine machine) {
        return new DiscoveredDocument(machine.mac().value(), machine.uuid(), machine.serial(), machine.arch(),
                machine.platform(), machine.vendorClass(), machine.source(), machine.firstSeen(), machine.lastSeen(),
                machine.requests());
    }
}
