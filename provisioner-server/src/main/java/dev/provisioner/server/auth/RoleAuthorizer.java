package dev.provisioner.server.auth;

import io.dropwizard.auth.Authorizer;
import jakarta.ws.rs.container.ContainerRequestContext;

/** {@code @RolesAllowed("read")} lets both roles in; {@code @RolesAllowed("admin")} only admins. */
public final class RoleAuthorizer implements Authorizer<Operator> {

    @Override
    public boolean authorize(Operator operator, String role, ContainerRequestContext request) {
        return operator.role().grants(role);
    }
}
