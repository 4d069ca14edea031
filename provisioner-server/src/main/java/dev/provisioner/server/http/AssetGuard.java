package dev.provisioner.server.http;

import dev.provisioner.server.core.BootService;
import dev.provisioner.server.core.MachineKey;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Stands in front of the file servlet for {@code /assets/*}: lets through only paths that stay inside
 * the assets directory once every symlink is resolved, and records each download made by a machine
 * that named itself ({@code ?mac=}) in its boot timeline.
 */
public final class AssetGuard extends HttpFilter {

    private static final long serialVersionUID = 1L;

    private final transient Path root;
    private final transient BootService boot;

    public AssetGuard(Path root, BootService boot) {
        this.root = root;
        this.boot = boot;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getPathInfo();
        if (!insideRoot(path)) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        chain.doFilter(request, response);
        String mac = request.getParameter("mac");
        if (mac != null && "GET".equals(request.getMethod())) {
            boot.assetServed(MachineKey.reported(mac, null, null, null, null, request.getRemoteAddr()),
                    path.substring(1), response.getStatus());
        }
    }

    private boolean insideRoot(String path) {
        if (path == null || path.length() < 2 || path.indexOf('\\') >= 0 || path.indexOf('\0') >= 0) {
            return false;
        }
        try {
            Path realRoot = root.toRealPath();
            Path candidate = realRoot.resolve(path.substring(1)).normalize();
            if (!candidate.startsWith(realRoot)) {
                return false;
            }
            // a missing file is the servlet's 404; an existing one must not lead out through a symlink
            return !Files.exists(candidate) || candidate.toRealPath().startsWith(realRoot);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
