package dev.provisioner.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.provisioner.server.core.timeline.RecentTimeline;
import dev.provisioner.server.core.timeline.Timeline;
import jakarta.validation.constraints.Min;

/** The {@code timeline:} block: how much of the recent boot history is kept in memory. */
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

    public Timeline build() {
        return new RecentTimeline(eventsPerMachine, machines);
    }
}
