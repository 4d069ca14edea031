package dev.provisioner.server.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** What a registered machine is to do when it network-boots. */
public enum MachineState {
    /** Boot its profile over the network: the default, and what diskless blades keep. */
    PROVISION,
    /** Boot its own disk: the server answers with its profile's local boot. */
    LOCAL,
    /** Provision once, then go back to {@link #LOCAL} when that boot reaches its goal. */
    REPROVISION,
    /** Stopped by the boot-loop guard: its boot script says why and waits for an operator. */
    FAILED;

    /** As files and the API write it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<MachineState> parse(String text) {
        return Arrays.stream(values()).filter(s -> s.label().equals(text)).findFirst();
    }

    /** For messages: {@code provision, local, reprovision, failed}. */
    public static String labels() {
        return Arrays.stream(values()).map(MachineState::label).collect(Collectors.joining(", "));
    }
}
