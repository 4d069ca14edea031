package dev.provisioner.server.render;

import dev.provisioner.ignition.model.Unit;
import dev.provisioner.server.core.SwarmCredentials;
import dev.provisioner.server.core.SwarmRole;
import java.util.List;
import java.util.Map;

/**
 * The two units that make a machine a swarm node: {@code docker-swarm-join.service} and
 * {@code docker-swarm-leave.service}, from the templates under {@code swarm/}. Rendering is cheap next to
 * transpiling, so the units are made afresh for each config and a rotated token is in the very next one.
 */
public final class SwarmUnits {

    private static final String JOIN = "docker-swarm-join.service";
    private static final String LEAVE = "docker-swarm-leave.service";

    private final TemplateEngine templates;

    public SwarmUnits(TemplateEngine templates) {
        this.templates = templates;
    }

    /** @param token the join token for the role, checked by {@link SwarmCredentials} to be shell- and systemd-safe */
    public List<Unit> render(SwarmRole role, String token, List<String> managers) {
        Map<String, Object> model = Map.of("role", role.dockerName(), "token", token, "managers", managers);
        return List.of(unit(JOIN, model), unit(LEAVE, model));
    }

    private Unit unit(String name, Map<String, Object> model) {
        return new Unit(name, true, null, templates.render("swarm/" + name + ".ftl", model), List.of());
    }
}
