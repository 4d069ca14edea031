package dev.provisioner.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.provisioner.server.core.BootSpec;
import dev.provisioner.server.core.Profile;
import java.util.Locale;
import java.util.Optional;

/** A profile as the API shows it: the keys of its YAML file, with every default filled in. */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record ProfileDocument(String id, BootSpec boot, Optional<String> config, String ignition,
                              @JsonProperty("oem_layout") String oemLayout, @JsonProperty("oem_file") String oemFile,
                              Optional<Swarm> swarm) {

    public record Swarm(String role) {
    }

    static ProfileDocument of(Profile profile) {
        return new ProfileDocument(profile.id(), profile.boot(), profile.config(), profile.ignitionSpec(),
                profile.oem().layout().name().toLowerCase(Locale.ROOT), profile.oem().fileName(),
                profile.swarmRole().map(role -> new Swarm(role.dockerName())));
    }
}
