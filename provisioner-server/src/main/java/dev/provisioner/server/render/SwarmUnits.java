package dev.provisioner.server.render;

import dev.provisioner.ignition.model.Unit;
import dev.provisioner.server.core.SwarmRole;
import dev.provisioner.server.core.trust.Enrollment;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    /** The form of curl's --pinnedpubkey that the server makes: safe in a shell line as it is. */
    private static final Pattern PIN = Pattern.compile("sha256//[A-Za-z0-9+/=]{44}");

    private final TemplateEngine templates;
    private final Optional<EnrollmentTls> tls;

    /** @param tls where enrollment goes when the server has a TLS listener: then never over plain HTTP */
    public SwarmUnits(TemplateEngine templates, Optional<EnrollmentTls> tls) {
        this.templates = templates;
        this.tls = tls;
        tls.ifPresent(t -> {
            if (!PIN.matcher(t.pin()).matches()) {
                throw new IllegalArgumentException("the TLS pin is not sha256//<base64 of 32 bytes>");
            }
        });
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
        URI url = tls.map(t -> t.url(enrollment.url())).orElse(enrollment.url());
        if (!URL.matcher(url.toString()).matches()) {
            throw new IllegalArgumentException("the enrollment URL " + url + " has characters a shell line "
                    + "cannot carry; set PROVISIONER_PUBLIC_URL");
        }
        Map<String, Object> model = new HashMap<>(Map.of("role", role.dockerName(), "credential", enrollment.credential(),
                "enrollUrl", url.toString()));
        tls.ifPresent(t -> model.put("pin", t.pin()));
        return List.of(unit(JOIN, model), unit(LEAVE, model));
    }

    private Unit unit(String name, Map<String, Object> model) {
        return new Unit(name, true, null, templates.render(template(name), model), List.of());
    }

    /** The templates the units of a swarm profile's config come from. */
    public static List<String> templates() {
        return List.of(template(JOIN), template(LEAVE));
    }

    private static String template(String unit) {
        return "swarm/" + unit + ".ftl";
    }
}
