package dev.provisioner.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provisioner.server.core.BootService;
import dev.provisioner.server.core.trust.EnrollOutcome;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * {@code POST /enroll} ({@code credential=...}, form-encoded, as {@code curl --data-urlencode} sends it): a join
 * unit trades its boot attempt's one-time credential for the join token and the managers, as one line the unit's
 * shell splits: {@code <token> <manager> <manager>...}. A refused credential gets 403 and never a token; a swarm
 * that cannot be read now gets 503 with Retry-After, and the credential stays good.
 */
public final class EnrollServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient BootService boot;
    private final transient ObjectMapper json;
    private final transient Optional<Integer> tlsPort;

    /** @param tlsPort the TLS listener's port, when there is one: then enrollment over plain HTTP is refused */
    public EnrollServlet(BootService boot, ObjectMapper json, Optional<Integer> tlsPort) {
        this.boot = boot;
        this.json = json;
        this.tlsPort = tlsPort;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (tlsPort.isPresent() && !request.isSecure()) {
            // refused before the credential is looked at, so it is not spent: the token must not cross in clear text
            response.setHeader("Cache-Control", "no-store, private");
            error(response, 403, "enrollment is over HTTPS only, at port " + tlsPort.get());
            return;
        }
        EnrollOutcome outcome = boot.enroll(request.getParameter("credential"), request.getRemoteAddr());
        response.setHeader("Cache-Control", "no-store, private");
        if (outcome instanceof EnrollOutcome.Granted granted) {
            byte[] body = (granted.token() + " " + String.join(" ", granted.managers()) + "\n").getBytes(StandardCharsets.UTF_8);
            response.setContentType("text/plain; charset=utf-8");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        } else if (outcome instanceof EnrollOutcome.Unavailable unavailable) {
            response.setHeader("Retry-After", "10");
            error(response, 503, "the swarm cannot be read now: " + unavailable.reason());
        } else {
            error(response, 403, "enrollment refused: " + ((EnrollOutcome.Refused) outcome).reason());
        }
    }

    private void error(HttpServletResponse response, int status, String message) throws IOException {
        JsonErrors.write(response, json, status, message, List.of());
    }
}
