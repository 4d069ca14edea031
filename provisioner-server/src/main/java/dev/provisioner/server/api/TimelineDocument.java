package dev.provisioner.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.provisioner.server.core.MacAddress;
import dev.provisioner.server.core.timeline.BootRecord;
import dev.provisioner.server.core.timeline.Transfer;
import java.time.Instant;
import java.util.List;

/** A machine's boots as the API shows them: each with its steps, their times in milliseconds, and their events. */
public record TimelineDocument(String mac, List<Boot> boots) {

    public record Boot(Instant started, Instant ended, long durationMs, List<Step> steps) {
    }

    /** {@code atMs} after the boot's first event, {@code sincePreviousMs} after the step before; a download's rate. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Step(String step, long atMs, long sincePreviousMs, Long bytesPerSecond, EventDocument event) {
    }

    public static TimelineDocument of(MacAddress mac, List<BootRecord> boots) {
        return new TimelineDocument(mac.value(), boots.stream().map(boot -> new Boot(boot.started(), boot.ended(),
                boot.duration().toMillis(), boot.steps().stream().map(step -> new Step(step.step(),
                        step.at().toMillis(), step.sincePrevious().toMillis(),
                        step.event().transfer().map(Transfer::bytesPerSecond).orElse(null),
                        EventDocument.of(step.event()))).toList())).toList());
    }
}
