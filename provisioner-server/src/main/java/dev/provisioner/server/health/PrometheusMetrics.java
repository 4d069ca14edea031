package dev.provisioner.server.health;

import com.codahale.metrics.MetricRegistry;
import dev.provisioner.server.core.lifecycle.BootMetrics;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Histogram;
import io.prometheus.client.dropwizard.DropwizardExports;
import java.time.Duration;
import java.util.List;

/**
 * What {@code /prometheus} exposes: the boots by profile, with the time to joined as a histogram, and the server's
 * own Dropwizard metrics (the boot events by kind and outcome, which count conflicts, refusals, quarantined nodes
 * and assets served; TFTP transfers and bytes; DHCP answers) as Prometheus names them. Dropwizard's and Jetty's
 * others stay on {@code /metrics}: their names break Prometheus' naming rules. A registry of its own, not the
 * library's global one, so two servers in one JVM (the tests) do not collide.
 */
public final class PrometheusMetrics implements BootMetrics {

    private static final List<String> EXPORTED = List.of("boot.events.", "events.stream.", "tftp.transfers.",
            "tftp.bytes.", "dhcp.");

    private final CollectorRegistry registry = new CollectorRegistry(true);
    private final Counter started = Counter.build("provisioner_boots_started",
            "Boots begun: a DHCP boot request, boot script or pxelinux config after the boot before got further")
            .labelNames("profile").register(registry);
    private final Counter completed = Counter.build("provisioner_boots_completed",
            "Boots that reached their goal: node verified, config fetched or boot script fetched, per the profile")
            .labelNames("profile").register(registry);
    private final Counter failed = Counter.build("provisioner_boots_failed",
            "Machines set to failed (by the boot-loop guard or an operator)").labelNames("profile").register(registry);
    private final Histogram joined = Histogram.build("provisioner_boot_to_joined_seconds",
            "From a boot's first request to its swarm node Ready")
            .buckets(15, 30, 45, 60, 90, 120, 180, 300, 600, 1200).labelNames("profile").register(registry);

    public PrometheusMetrics(MetricRegistry dropwizard) {
        new DropwizardExports(dropwizard, (name, metric) -> EXPORTED.stream().anyMatch(name::startsWith))
                .register(registry);
    }

    public CollectorRegistry registry() {
        return registry;
    }

    @Override
    public void started(String profile) {
        started.labels(profile).inc();
    }

    @Override
    public void completed(String profile) {
        completed.labels(profile).inc();
    }

    @Override
    public void failed(String profile) {
        failed.labels(profile).inc();
    }

    @Override
    public void joined(String profile, Duration sinceStart) {
        joined.labels(profile).observe(sinceStart.toMillis() / 1000.0);
    }
}
