package dev.provisioner.server.render;

import dev.provisioner.ignition.model.Unit;
import dev.provisioner.server.core.SwarmRole;
import dev.provisioner.server.core.trust.Enrollment;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The two units that make a machine a swarm node: {@code docker-swarm-join.service} and
 * {@code docker-swarm-leave.service}, from the templates under {@code swarm/}. The join unit carries the boot
 * attempt's enrollment credential, never a join token: the token is handed out once, at enrollment.
 */
public final class SwarmUnits {

    private static final String JOIN = "docker-swarm-join.service";
    private static final String LEAVE = "docker-swarm-leave.service";

    private static final Pattern CREDENTIAL = Pattern.compile("[A-Za-z0-9._-]{1,200}");
    /** What a base URL from a configuration or a Host header may be to go into a shell line unquoted. */
    private static final Pattern URL = Pattern.compile("https?://[A-Za-z0-9.:\\[\\]-]+(/[A-Za-z0-9._~/-]*)?");

    private final TemplateEngine templates;

    public SwarmUnits(TemplateEngine templates) {
        this.templates = templates;
    }

    /**
     * @param enrollment the boot attempt's credential and where to spend it: both go into the join unit's shell line,
     *                   so both are checked against a strict alphabet here
     * @throws IllegalArgumentException for a credential or URL that could break out of that line
     */
    public List<Unit> render(SwarmRole role, Enrollment enrollment) {
        if (!CREDENTIAL.matcher(enrollment.credential()).matches()) {
            throw new IllegalArgumentException("the enrollment credential is not of the server's alphabet");
        }
        if (!URL.matcher(enrollment.url().toString()).matches()) {
            throw new IllegalArgumentException("the enrollment URL " + enrollment.url() + " has characters a shell line "
                    + "cannot carry; set PROVISIONER_PUBLIC_URL");
        }
        Map<String, Object> model = Map.of("role", role.dockerName(), "credential", enrollment.credential(),
                "enrollUrl", enrollment.url().toString());
        return List.of(unit(JOIN, model), unit(LEAVE, model));
    }

    private Unit unit(String name, Map<String, Object> model) {
        return new Unit(name, true, null, templates.render("swarm/" + name + ".ftl", model), List.of());
    }
}
