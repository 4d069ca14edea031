package dev.provisioner.server.api;

import com.codahale.metrics.annotation.Timed;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provisioner.server.api.errors.ApiError;
import dev.provisioner.server.api.errors.ApiException;
import dev.provisioner.server.api.errors.JsonExceptionMapper;
import dev.provisioner.server.core.BootService;
import dev.provisioner.server.core.MacAddress;
import dev.provisioner.server.core.Machine;
import dev.provisioner.server.core.Diagnostics;
import dev.provisioner.server.core.Inventory;
import dev.provisioner.server.core.MachineNotFoundException;
import dev.provisioner.server.core.Problem;
import dev.provisioner.server.core.lifecycle.BootTimelines;
import dev.provisioner.server.core.explain.Explainer;
import dev.provisioner.server.core.links.ServerUrls;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import dev.provisioner.server.auth.Operator;
import dev.provisioner.server.auth.Role;
import io.dropwizard.auth.Auth;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** Registration of machines, {@code /api/v1/machines}: HTTP mapped onto the core's {@link Inventory}. */
@Path("/api/v1/machines")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.READ_NAME)
public class MachineResource {

    public static final String MERGE_PATCH = "application/merge-patch+json";

    public record MachineList(List<MachineDocument> machines, List<Problem> problems) {
    }

    public record EventList(String mac, List<EventDocument> events) {
    }

    private final Inventory inventory;
    private final Diagnostics problems;
    private final BootService boot;
    private final ObjectMapper json;
    private final BootTimelines timelines;
    private final Explainer explainer;
    private final ServerUrls urls;

    public MachineResource(Inventory inventory, Diagnostics problems, BootService boot, ObjectMapper json,
                           BootTimelines timelines, Explainer explainer, ServerUrls urls) {
        this.timelines = timelines;
        this.explainer = explainer;
        this.urls = urls;
        this.inventory = inventory;
        this.problems = problems;
        this.boot = boot;
        this.json = json;
    }

    @GET
    @Timed
    public MachineList list(@QueryParam("profile") String profile, @QueryParam("label") List<String> labels) {
        Predicate<Machine> filter = machine -> profile == null || profile.equals(machine.profile());
        for (String label : labels) {
            int colon = label.indexOf(':');
            if (colon < 1) {
                throw new ApiException(400, "bad label filter '" + label + "'",
                        List.of(ApiError.Detail.of("label", "use label=key:value")));
            }
            String key = label.substring(0, colon);
            String value = label.substring(colon + 1);
            filter = filter.and(machine -> value.equals(machine.labels().get(key)));
        }
        return new MachineList(inventory.list().stream().filter(filter).map(MachineDocument::of).toList(),
                problems.problems());
    }

    @POST
    @Timed
    @RolesAllowed(Role.ADMIN_NAME)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response register(@Auth Operator operator, MachineDocument body) {
        Machine machine = inventory.register(operator.name(), required(body).toMachine(Optional.empty()));
        return Response.created(location(machine.mac())).entity(MachineDocument.of(machine)).build();
    }

    @GET
    @Path("{mac}")
    @Timed
    public MachineDocument get(@PathParam("mac") String mac) {
        MacAddress address = MacParam.parse(mac);
        return MachineDocument.of(inventory.get(address).orElseThrow(() -> new MachineNotFoundException(address)));
    }

    @PUT
    @Path("{mac}")
    @Timed
    @RolesAllowed(Role.ADMIN_NAME)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response replace(@Auth Operator operator, @PathParam("mac") String mac, MachineDocument body) {
        Machine machine = required(body).toMachine(Optional.of(MacParam.parse(mac)));
        boolean created = inventory.replace(operator.name(), machine);
        return (created ? Response.created(location(machine.mac())) : Response.ok())
                .entity(MachineDocument.of(machine)).build();
    }

    @PATCH
    @Path("{mac}")
    @Timed
    @RolesAllowed(Role.ADMIN_NAME)
    @Consumes({MERGE_PATCH, MediaType.APPLICATION_JSON})
    public MachineDocument patch(@Auth Operator operator, @PathParam("mac") String mac, JsonNode patch) {
        MacAddress address = MacParam.parse(mac);
        if (patch == null || !patch.isObject()) {
            throw new ApiException(400, "a merge patch must be a JSON object",
                    List.of(ApiError.Detail.of("body", "expected an object")));
        }
        return MachineDocument.of(inventory.change(operator.name(), address, current -> read(
                JsonMergePatch.apply(json.valueToTree(MachineDocument.of(current)), patch)).toMachine(Optional.of(address))));
    }

    @DELETE
    @Path("{mac}")
    @Timed
    @RolesAllowed(Role.ADMIN_NAME)
    public Response delete(@Auth Operator operator, @PathParam("mac") String mac) {
        inventory.delete(operator.name(), MacParam.parse(mac));
        return Response.noContent().build();
    }

    /** Ends the machine's boot attempt, so that a machine in conflict may boot from its new address. */
    @DELETE
    @Path("{mac}/attempt")
    @Timed
    @RolesAllowed(Role.ADMIN_NAME)
    public Response clearAttempt(@Auth Operator operator, @PathParam("mac") String mac) {
        boolean live = inventory.clearAttempt(operator.name(), MacParam.parse(mac));
        return Response.ok(Map.of("cleared", live)).build();
    }

    /** Arms the machine for one boot: a profile with {@code enroll: armed} enrolls it only then. */
    @POST
    @Path("{mac}/arm")
    @Timed
    @RolesAllowed(Role.ADMIN_NAME)
    public Response arm(@Auth Operator operator, @PathParam("mac") String mac) {
        return Response.ok(Map.of("armedUntil", inventory.arm(operator.name(), MacParam.parse(mac)).toString())).build();
    }

    /** What the machine would get if it booted now, and why; also for MACs that are not registered. */
    @GET
    @Path("{mac}/explain")
    @Timed
    public ExplanationDocument explain(@PathParam("mac") String mac, @Context UriInfo uri) {
        return ExplanationDocument.of(explainer.explain(MacParam.parse(mac), BaseUri.of(urls, uri)));
    }

    /** The machine's boots, as steps with their times; also for MACs that are not registered. */
    @GET
    @Path("{mac}/timeline")
    @Timed
    public TimelineDocument timeline(@PathParam("mac") String mac) {
        MacAddress address = MacParam.parse(mac);
        return TimelineDocument.of(address, timelines.of(address));
    }

    /** The machine's recent boot timeline; also for MACs that are not registered, which is how strays are found. */
    @GET
    @Path("{mac}/events")
    @Timed
    public EventList events(@PathParam("mac") String mac) {
        MacAddress address = MacParam.parse(mac);
        return new EventList(address.value(), boot.timeline(address).stream().map(EventDocument::of).toList());
    }

    private MachineDocument read(JsonNode document) {
        try {
            return json.treeToValue(document, MachineDocument.class);
        } catch (JsonProcessingException e) {
            throw new ApiException(JsonExceptionMapper.describe(e));
        }
    }

    static MachineDocument required(MachineDocument body) {
        if (body == null) {
            throw new ApiException(400, "a machine document is required",
                    List.of(ApiError.Detail.of("body", "empty")));
        }
        return body;
    }

    static java.net.URI location(MacAddress mac) {
        return UriBuilder.fromPath("/api/v1/machines/{mac}").build(mac.hyphenated());
    }
}
