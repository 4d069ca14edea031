package dev.provisioner.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.provisioner.server.store.TimelineBounds;
import jakarta.validation.constraints.Min;

/** The {@code timeline:} block: how much boot history is kept, per machine on disk and in memory, and for how many machines in memory. */
public class TimelineConfiguration {

    @Min(1)
    private int eventsPerMachine = 100;

    /** Machines beyond this (the least recently seen first) are forgotten, so a flood of unknown MACs is bounded. */
    @Min(1)
    private int machines = 10_000;

    @JsonProperty
    public void setEventsPerMachine(int eventsPerMachine) {
        this.eventsPerMachine = eventsPerMachine;
    }

    @JsonProperty
    public void setMachines(int machines) {
        this.machines = machines;
    }

    public TimelineBounds bounds() {
        return new TimelineBounds(eventsPerMachine, machines);
    }
}
