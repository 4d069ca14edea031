package dev.provisioner.server.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A registered machine: what the operator said about one MAC address.
 * Labels are for selection (short strings); metadata is free-form and reaches templates. {@code ipv4}, when set, is
 * the address DHCP reservation mode gives the machine. {@code state} is a {@link MachineState} label as written
 * (null: {@code provision}); {@link MachineRules} refuses any other.
 */
public record Machine(MacAddress mac, String hostname, String profile,
                      Map<String, String> labels, Map<String, Object> metadata, String ipv4, String state) {

    public Machine {
        Objects.requireNonNull(mac, "mac");
        // ordered as written; null values survive so that the rules can name them instead of failing here
        labels = labels == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        metadata = metadata == null ? Map.of() : metadata;
        // the default, however it came (the API, a file): stored as nothing, so one machine has one fingerprint
        state = MachineState.PROVISION.label().equals(state) ? null : state;
    }

    public Machine(MacAddress mac, String hostname, String profile, Map<String, String> labels,
                   Map<String, Object> metadata) {
        this(mac, hostname, profile, labels, metadata, null, null);
    }

    public Machine(MacAddress mac, String hostname, String profile, Map<String, String> labels,
                   Map<String, Object> metadata, String ipv4) {
        this(mac, hostname, profile, labels, metadata, ipv4, null);
    }

    /** What it is to do when it network-boots; a state the rules refused reads as {@code provision}. */
    public MachineState lifecycle() {
        return state == null ? MachineState.PROVISION : MachineState.parse(state).orElse(MachineState.PROVISION);
    }

    public Machine withState(MachineState next) {
        return new Machine(mac, hostname, profile, labels, metadata, ipv4, next.label());
    }

    public Optional<String> reservedAddress() {
        return Optional.ofNullable(ipv4);
    }
}
