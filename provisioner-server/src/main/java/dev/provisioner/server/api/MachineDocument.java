package dev.provisioner.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.provisioner.server.api.errors.ApiError;
import dev.provisioner.server.api.errors.ApiException;
import dev.provisioner.server.core.MacAddress;
import dev.provisioner.server.core.Machine;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A machine as the API reads and writes it: the same fields as {@code machines/<mac>.yaml}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MachineDocument(String mac, String hostname, String profile, Map<String, String> labels,
                              Map<String, Object> metadata, String ipv4, String state) {

    public static MachineDocument of(Machine machine) {
        return new MachineDocument(machine.mac().value(), machine.hostname(), machine.profile(), machine.labels(),
                machine.metadata(), machine.ipv4(), machine.lifecycle().label());
    }

    /**
     * The machine this document describes. {@code pathMac} is the MAC named by the URL, if any: the body
     * may then omit its own, but must not contradict it.
     */
    public Machine toMachine(Optional<MacAddress> pathMac) {
        MacAddress address;
        if (mac == null) {
            address = pathMac.orElseThrow(() -> new ApiException(422, "the machine is not valid",
                    List.of(ApiError.Detail.of("mac", "is required"))));
        } else {
            address = MacAddress.parse(mac).orElseThrow(() -> new ApiException(422, "the machine is not valid",
                    List.of(ApiError.Detail.of("mac", "'" + mac + "' is not a MAC address"))));
            if (pathMac.isPresent() && !pathMac.get().equals(address)) {
                throw new ApiException(422, "the machine is not valid", List.of(ApiError.Detail.of("mac",
                        "differs from the MAC in the URL (" + pathMac.get() + "); a machine's MAC cannot change")));
            }
        }
        return new Machine(address, hostname, profile, labels, metadata, ipv4, state);
    }
}
