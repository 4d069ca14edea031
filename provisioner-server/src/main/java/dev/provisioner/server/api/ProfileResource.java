package dev.provisioner.server.api;

import com.codahale.metrics.annotation.Timed;
import dev.provisioner.server.api.errors.ApiError;
import dev.provisioner.server.api.errors.ApiException;
import dev.provisioner.server.core.Problem;
import dev.provisioner.server.core.MacAddress;
import dev.provisioner.server.core.ProfileCatalog;
import dev.provisioner.server.core.explain.Explainer;
import dev.provisioner.server.core.links.ServerUrls;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
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
    private final Explainer explainer;
    private final ServerUrls urls;

    public ProfileResource(ProfileCatalog profiles, Explainer explainer, ServerUrls urls) {
        this.profiles = profiles;
        this.explainer = explainer;
        this.urls = urls;
    }

    /** What machine {@code mac} would get with this profile, before it is assigned: nothing is changed or recorded. */
    @GET
    @Path("{id}/render")
    @Timed
    public ExplanationDocument render(@PathParam("id") String id, @QueryParam("mac") String mac, @Context UriInfo uri) {
        if (mac == null) {
            throw new ApiException(400, "which machine? add ?mac=", List.of(ApiError.Detail.of("mac", "is required")));
        }
        MacAddress address = MacParam.parse(mac);
        get(id);
        return ExplanationDocument.of(explainer.preview(id, address, BaseUri.of(urls, uri)));
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
