package dev.provisioner.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.provisioner.server.core.lifecycle.BootLoopGuard;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** The {@code bootLoopGuard:} block: how many boots without reaching the goal, within how long, make a machine failed. */
public class BootLoopGuardConfiguration {

    /** 0 turns the guard off. */
    @Min(0)
    private int boots = 5;

    @NotNull
    private Duration within = Duration.minutes(30);

    @JsonProperty
    public void setBoots(int boots) {
        this.boots = boots;
    }

    @JsonProperty
    public void setWithin(Duration within) {
        this.within = within;
    }

    /** @param retryDelay how long a refused boot's script waits before it asks again */
    public BootLoopGuard build(java.time.Duration retryDelay) {
        return new BootLoopGuard(boots, within.toJavaDuration(), retryDelay);
    }
}
