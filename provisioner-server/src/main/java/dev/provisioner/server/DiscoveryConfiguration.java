package dev.provisioner.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.provisioner.server.core.MachineStore;
import dev.provisioner.server.core.discovery.Discovery;
import dev.provisioner.server.core.timeline.Timeline;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;

/** The {@code discovery:} block: how many unregistered machines are remembered, and for how long after last seen. */
public class DiscoveryConfiguration {

    @Min(1)
    private int machines = 1_000;

    @NotNull
    private Duration forgetAfter = Duration.days(7);

    @JsonProperty
    public void setMachines(int machines) {
        this.machines = machines;
    }

    @JsonProperty
    public void setForgetAfter(Duration forgetAfter) {
        this.forgetAfter = forgetAfter;
    }

    public Discovery build(Timeline timeline, MachineStore store, Clock clock) {
        return new Discovery(timeline, store, machines, forgetAfter.toJavaDuration(), clock);
    }
}
