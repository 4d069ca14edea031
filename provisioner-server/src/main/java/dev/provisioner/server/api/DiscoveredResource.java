package dev.provisioner.server.api;

import com.codahale.metrics.annotation.Timed;
import dev.provisioner.server.api.errors.ApiException;
import dev.provisioner.server.auth.Operator;
import dev.provisioner.server.auth.Role;
import dev.provisioner.server.core.Inventory;
import dev.provisioner.server.core.MacAddress;
import dev.provisioner.server.core.Machine;
import dev.provisioner.server.core.MachineExistsException;
import dev.provisioner.server.core.discovery.Discovery;
import io.dropwizard.auth.Auth;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;

/** Machines that asked to boot without being registered, {@code /api/v1/discovered}, and their adoption. */
@Path("/api/v1/discovered")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.READ_NAME)
public class DiscoveredResource {

    public record DiscoveredList(List<DiscoveredDocument> discovered) {
    }

    private final Discovery discovery;
    private final Inventory inventory;

    public DiscoveredResource(Discovery discovery, Inventory inventory) {
        this.discovery = discovery;
        this.inventory = inventory;
    }

    @GET
    @Timed
    public DiscoveredList list() {
        return new DiscoveredList(discovery.list().stream().map(DiscoveredDocument::of).toList());
    }

    @GET
    @Path("{mac}")
    @Timed
    public DiscoveredDocument get(@PathParam("mac") String mac) {
        MacAddress address = MacParam.parse(mac);
        return discovery.get(address).map(DiscoveredDocument::of).orElseThrow(() -> notDiscovered(address));
    }

    /**
     * Registers the machine with the body's profile, hostname, labels (any field of a machine), under the inventory's
     * rules; the body may omit the MAC.
     */
    @POST
    @Path("{mac}/adopt")
    @Timed
    @RolesAllowed(Role.ADMIN_NAME)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response adopt(@Auth Operator operator, @PathParam("mac") String mac, MachineDocument body) {
        MacAddress address = MacParam.parse(mac);
        if (inventory.get(address).isPresent()) {
            throw new MachineExistsException(address);
        }
        Machine machine = MachineResource.required(body).toMachine(Optional.of(address));
        Machine adopted = discovery.adopt(operator.name(), machine, inventory).orElseThrow(() -> notDiscovered(address));
        return Response.created(MachineResource.location(address))
                .entity(MachineDocument.of(adopted)).build();
    }

    private static ApiException notDiscovered(MacAddress mac) {
        return new ApiException(404, "machine " + mac + " is not among the discovered machines (it is registered, "
                + "or has not asked to boot lately)", List.of());
    }
}
