package dev.provisioner.server.health;

import com.codahale.metrics.MetricRegistry;
import dev.provisioner.server.core.MacAddress;
import dev.provisioner.server.core.timeline.BootEvent;
import dev.provisioner.server.core.timeline.Labels;
import dev.provisioner.server.core.timeline.Timeline;
import java.util.List;

/**
 * A timeline that also counts its events, as meters named by kind and outcome only
 * ({@code boot.events.ipxe_script.conflict}, {@code boot.events.ignition.forbidden}): conflicts and refused configs
 * show on {@code /metrics}, and no machine, address or secret ever becomes part of a metric's name.
 */
public final class MeteredTimeline implements Timeline {

    private final Timeline timeline;
    private final MetricRegistry metrics;

    public MeteredTimeline(Timeline timeline, MetricRegistry metrics) {
        this.timeline = timeline;
        this.metrics = metrics;
    }

    @Override
    public void record(BootEvent event) {
        timeline.record(event);
        metrics.meter(MetricRegistry.name("boot.events", Labels.of(event.kind()), Labels.of(event.outcome()))).mark();
    }

    @Override
    public List<BootEvent> of(MacAddress mac) {
        return timeline.of(mac);
    }
}
