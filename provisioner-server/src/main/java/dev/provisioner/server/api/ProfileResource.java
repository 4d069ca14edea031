package dev.provisioner.server.api;

import com.codahale.metrics.annotation.Timed;
import dev.provisioner.server.api.errors.ApiError;
import dev.provisioner.server.api.errors.ApiException;
import dev.provisioner.server.core.Problem;
import dev.provisioner.server.core.ProfileCatalog;
import dev.provisioner.server.auth.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The profiles of the data directory, read-only: they are edited in git. */
@Path("/api/v1/profiles")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.READ_NAME)
public class ProfileResource {

    public record ProfileList(List<ProfileDocument> profiles, List<Problem> problems) {
    }

    private final ProfileCatalog profiles;

    public ProfileResource(ProfileCatalog profiles) {
        this.profiles = profiles;
    }

    @GET
    @Timed
    public ProfileList list() {
        return new ProfileList(profiles.list().stream().map(ProfileDocument::of).toList(), profiles.problems());
    }

    @GET
    @Path("{id}")
    @Timed
    public ProfileDocument get(@PathParam("id") String id) {
        return profiles.get(id).map(ProfileDocument::of).orElseThrow(() -> profiles.problemOf(id)
                .map(problem -> new ApiException(422, "profile " + id + " does not load", List.of(
                        new ApiError.Detail(null, problem.message(), problem.file(), problem.line(), problem.column()))))
                .orElseGet(() -> new ApiException(404, "no profile '" + id + "' in the data directory", List.of())));
    }
}
