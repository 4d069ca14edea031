package dev.provisioner.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provisioner.server.api.errors.ApiError;
import dev.provisioner.server.core.BootService;
import dev.provisioner.server.core.ConfigOutcome;
import dev.provisioner.server.core.MachineKey;
import dev.provisioner.server.core.OemFormat;
import dev.provisioner.server.oem.OemArchives;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A machine's Ignition config, as JSON at {@code /ignition?mac=...} and packed for the PXE initrd at
 * {@code /oem/<mac>.cpio.gz} (or {@code .cpio.xz} for the Fedora CoreOS layout). A config that does not render answers 503 with Retry-After, so Ignition keeps
 * asking until the operator has fixed the template; an unknown machine gets 404 (configs carry secrets).
 */
public final class MachineConfigServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient BootService boot;
    private final transient BaseUrls baseUrls;
    private final transient ObjectMapper json;
    private final transient OemArchives archives;

    public MachineConfigServlet(BootService boot, BaseUrls baseUrls, ObjectMapper json, OemArchives archives) {
        this.boot = boot;
        this.baseUrls = baseUrls;
        this.json = json;
        this.archives = archives;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean oem = "/oem".equals(request.getServletPath());
        String mac = request.getParameter("mac");
        String suffix = "";
        if (oem) {
            String path = request.getPathInfo() == null ? "" : request.getPathInfo().substring(1);
            int dot = path.indexOf('.');
            mac = dot < 0 ? path : path.substring(0, dot);
            suffix = dot < 0 ? "" : path.substring(dot);
        }
        MachineKey key = MachineKey.reported(mac, request.getParameter("uuid"), request.getParameter("serial"), null,
                null, request.getRemoteAddr());
        ConfigOutcome outcome = boot.config(key, baseUrls.of(request), oem ? "oem archive" : "ignition");
        if (outcome instanceof ConfigOutcome.NotRegistered) {
            error(response, 404, "no registered machine " + (key.mac().isPresent() ? key.mac().get() : "(no valid MAC given)"),
                    List.of());
        } else if (outcome instanceof ConfigOutcome.Broken broken) {
            response.setHeader("Retry-After", "10");
            error(response, 503, "the machine's config does not render", broken.problems().stream()
                    .map(p -> new ApiError.Detail(null, p.message(), p.file(), p.line(), p.column())).toList());
        } else {
            ConfigOutcome.Ready ready = (ConfigOutcome.Ready) outcome;
            if (oem && !suffix.equals(ready.oem().layout().suffix())) {
                error(response, 404, "the machine's profile packs its config as /oem/" + key.mac().get().hyphenated()
                        + ready.oem().layout().suffix(), List.of());
                return;
            }
            byte[] body = !oem ? ready.ignition() : archives.of(ready);
            String etag = "\"" + sha256(body) + "\"";
            response.setHeader("ETag", etag);
            response.setHeader("Cache-Control", "no-cache");
            if (etag.equals(request.getHeader("If-None-Match"))) {
                response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
                return;
            }
            response.setContentType(!oem ? "application/json"
                    : ready.oem().layout() == OemFormat.Layout.FCOS ? "application/x-xz" : "application/gzip");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }
    }

    private void error(HttpServletResponse response, int status, String message, List<ApiError.Detail> details)
            throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        json.writeValue(response.getOutputStream(), new ApiError(status, message, details));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
