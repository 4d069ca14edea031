package dev.provisioner.server.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A registered machine: what the operator said about one MAC address.
 * Labels are for selection (short strings); metadata is free-form and reaches templates. {@code ipv4}, when set, is
 * the address DHCP reservation mode gives the machine.
 */
public record Machine(MacAddress mac, String hostname, String profile,
                      Map<String, String> labels, Map<String, Object> metadata, String ipv4) {

    public Machine {
        Objects.requireNonNull(mac, "mac");
        // ordered as written; null values survive so that the rules can name them instead of failing here
        labels = labels == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        metadata = metadata == null ? Map.of() : metadata;
    }

    public Machine(MacAddress mac, String hostname, String profile, Map<String, String> labels,
                   Map<String, Object> metadata) {
        this(mac, hostname, profile, labels, metadata, null);
    }

    public Optional<String> reservedAddress() {
        return Optional.ofNullable(ipv4);
    }
}
