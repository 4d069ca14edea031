package dev.provisioner.server.core.discovery;

import dev.provisioner.server.core.MacAddress;
import dev.provisioner.server.core.MachineIdentity;
import java.time.Instant;

/**
 * A machine that network-booted without being registered, as it described itself: the last value seen of each field
 * wins, and a field a later request does not carry (an HTTP request has no vendor class) keeps the one seen before.
 * {@code requests} counts its requests, of any transport.
 */
public record DiscoveredMachine(MacAddress mac, String uuid, String serial, String arch, String platform,
                                String vendorClass, String source, Instant firstSeen, Instant lastSeen, long requests) {

    static DiscoveredMachine first(MacAddress mac, MachineIdentity who, Instant at) {
        return new DiscoveredMachine(mac, who.uuid(), who.serial(), who.arch(), who.platform(), who.vendorClass(),
                who.source(), at, at, 1);
    }

    DiscoveredMachine seenAgain(MachineIdentity who, Instant at) {
        return new DiscoveredMachine(mac, or(who.uuid(), uuid), or(who.serial(), serial), or(who.arch(), arch),
                or(who.platform(), platform), or(who.vendorClass(), vendorClass), or(who.source(), source), firstSeen,
                at.isAfter(lastSeen) ? at : lastSeen, requests + 1);
    }

    private static String or(String now, String before) {
        return now != null ? now : before;
    }
}
