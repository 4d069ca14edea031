package dev.provisioner.server.api;

import com.codahale.metrics.annotation.Timed;
import dev.provisioner.server.api.errors.ApiError;
import dev.provisioner.server.api.errors.ApiException;
import dev.provisioner.server.auth.Role;
import dev.provisioner.server.core.audit.AuditEntry;
import dev.provisioner.server.core.audit.AuditLog;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The recent writes, oldest first: who, what, which machine, when, and the document's fingerprint before and after. */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.READ_NAME)
public class AuditResource {

    private static final int MAX_LIMIT = 10_000;

    public record AuditList(List<AuditEntry> entries) {
    }

    private final AuditLog audit;

    public AuditResource(AuditLog audit) {
        this.audit = audit;
    }

    @GET
    @Timed
    public AuditList recent(@QueryParam("limit") @DefaultValue("100") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ApiException(400, "bad limit", List.of(ApiError.Detail.of("limit", "1 to " + MAX_LIMIT)));
        }
        return new AuditList(audit.recent(limit));
    }
}
