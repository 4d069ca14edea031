package dev.provisioner.server.health;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import dev.provisioner.server.core.MacAddress;
import dev.provisioner.server.core.timeline.ArtifactKind;
import dev.provisioner.server.core.timeline.BootEvent;
import dev.provisioner.server.core.timeline.Labels;
import dev.provisioner.server.core.timeline.Outcome;
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
    /** By kind and outcome, looked up once each: a DHCP flood records tens of thousands of events a second. */
    private final Meter[][] meters = new Meter[ArtifactKind.values().length][Outcome.values().length];

    public MeteredTimeline(Timeline timeline, MetricRegistry metrics) {
        this.timeline = timeline;
        this.metrics = metrics;
    }

    @Override
    public void record(BootEvent event) {
        timeline.record(event);
        meter(event.kind(), event.outcome()).mark();
    }

    private Meter meter(ArtifactKind kind, Outcome outcome) {
        Meter meter = meters[kind.ordinal()][outcome.ordinal()];
        if (meter == null) {
            // two threads may both get here: the registry hands both the same meter
            meter = metrics.meter(MetricRegistry.name("boot.events", Labels.of(kind), Labels.of(outcome)));
            meters[kind.ordinal()][outcome.ordinal()] = meter;
        }
        return meter;
    }

    @Override
    public List<BootEvent> of(MacAddress mac) {
        return timeline.of(mac);
    }
}
