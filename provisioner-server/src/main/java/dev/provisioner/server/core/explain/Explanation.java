package dev.provisioner.server.core.explain;

import dev.provisioner.server.core.MacAddress;
import dev.provisioner.server.core.MachineState;
import dev.provisioner.server.core.Problem;
import dev.provisioner.server.core.SwarmRole;
import java.util.List;
import java.util.Optional;

/**
 * What a machine would get if it booted now, and why: the profile and the reason it applies, the state, what the
 * boot comes to ({@code boots}: its profile or its disk, rather than a refusal), every artifact with the file it comes from (and that file's last commit), the rendered answers and
 * the config's diagnostics. The config itself is summed, not shown: it may carry operators' secrets.
 */
public record Explanation(MacAddress mac, boolean registered, Optional<String> profile, String because,
                          MachineState state, Optional<SwarmRole> swarmRole, String answer, boolean boots,
                          List<Artifact> artifacts,
                          Optional<String> bootScript, Optional<String> pxelinuxConfig, Optional<Config> config) {

    /**
     * One thing the machine fetches or that shapes it. {@code name} is what the machine asks for (empty for what it
     * does not fetch itself); {@code file} the source, relative to the data directory when inside it, or
     * {@code built in: <template>}; {@code note} what else there is to say (a missing asset, its size).
     */
    public record Artifact(String artifact, Optional<String> name, String file, Optional<FileChange> change,
                           Optional<String> note) {
    }

    /** The machine's config as it would be made now: its digest and size, or why it cannot be; and the warnings. */
    public record Config(boolean ready, Optional<String> sha256, Optional<Integer> bytes, List<Problem> problems) {
    }
}
