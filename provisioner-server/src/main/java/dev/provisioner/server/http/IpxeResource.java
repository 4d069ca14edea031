package dev.provisioner.server.http;

import com.codahale.metrics.annotation.Timed;
import dev.provisioner.server.core.BootService;
import dev.provisioner.server.core.MachineKey;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;

/**
 * iPXE over HTTP, for machines (no credentials: a booting machine has none). Always answers 200 with a
 * script: iPXE shows nothing useful for an error status, so every refusal is a script that says why.
 */
@Path("/")
@Produces("text/plain; charset=utf-8")
public class IpxeResource {

    private final BootService boot;
    private final BaseUrls baseUrls;

    public IpxeResource(BootService boot, BaseUrls baseUrls) {
        this.boot = boot;
        this.baseUrls = baseUrls;
    }

    @GET
    @Path("boot.ipxe")
    @Timed
    public String chain(@Context UriInfo uri) {
        return boot.ipxeChainScript(baseUrls.of(uri.getBaseUri()));
    }

    @GET
    @Path("ipxe")
    @Timed
    public String machine(@QueryParam("mac") String mac, @QueryParam("uuid") String uuid,
                          @QueryParam("serial") String serial, @QueryParam("arch") String arch,
                          @QueryParam("platform") String platform,
                          @Context UriInfo uri, @Context HttpServletRequest request) {
        MachineKey key = MachineKey.reported(mac, uuid, serial, arch, platform, request.getRemoteAddr());
        return boot.ipxeScript(key, baseUrls.of(uri.getBaseUri()));
    }
}
