package dev.provisioner.server.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provisioner.server.http.JsonErrors;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Dropwizard's admin tasks ({@code /tasks/*}) change the running server, {@code log-level} among them, which could
 * turn on the Docker client's wire log and with it print join tokens: they need an admin operator token.
 */
public final class TaskGuard extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final String BEARER = "Bearer ";

    private final transient OperatorTokens tokens;
    private final transient ObjectMapper json;

    public TaskGuard(OperatorTokens tokens, ObjectMapper json) {
        this.tokens = tokens;
        this.json = json;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String header = request.getHeader("Authorization");
        Optional<Operator> operator = header != null && header.startsWith(BEARER)
                ? tokens.authenticate(header.substring(BEARER.length()).strip()) : Optional.empty();
        if (operator.isEmpty()) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"provisioner\"");
            refuse(response, 401, "admin tasks need an admin operator token: Authorization: Bearer <token>");
        } else if (operator.get().role() != Role.ADMIN) {
            refuse(response, 403, "admin tasks need the admin role; " + operator.get().name() + " has "
                    + operator.get().role().label());
        } else {
            chain.doFilter(request, response);
        }
    }

    private void refuse(HttpServletResponse response, int status, String message) throws IOException {
        JsonErrors.write(response, json, status, message, List.of());
    }
}
