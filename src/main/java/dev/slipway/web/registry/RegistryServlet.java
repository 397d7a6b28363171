package dev.slipway.web.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.app.AppRepository;
import dev.slipway.auth.Access;
import dev.slipway.auth.Authenticator;
import dev.slipway.image.Registry;
import dev.slipway.image.RegistryError;
import dev.slipway.image.RegistryException;
import dev.slipway.image.RegistryNames;
import dev.slipway.image.RunCredentials;
import dev.slipway.image.TargetPulls;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slipway's registry over HTTP at {@code /v2/} (OCI distribution spec 1.1): reads the path, asks the door, hands
 * the request to {@link RegistryRequests} and turns refusals into the spec's error body
 * {@code {"errors":[{"code","message","detail"}]}} with its status.
 */
public final class RegistryServlet extends HttpServlet {
    private static final Logger log = LoggerFactory.getLogger(RegistryServlet.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String CHALLENGE = "Basic realm=\"Slipway\"";

    private final transient RegistryDoor door;
    private final transient RegistryRequests requests;

    public RegistryServlet(Registry registry, Authenticator authenticator, Access access, RunCredentials runs,
                           TargetPulls targets, AppRepository apps) {
        this.door = new RegistryDoor(authenticator, access, runs, targets, apps);
        this.requests = new RegistryRequests(registry, door);
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
        res.setHeader("Docker-Distribution-API-Version", "registry/2.0");
        RegistryPath path = RegistryPath.parse(req.getRequestURI());
        try {
            Optional<RegistryDoor.Caller> caller = door.identify(req.getHeader("Authorization"));
            if (path.kind() == RegistryPath.Kind.BASE) {
                if (caller.isEmpty()) {
                    throw RegistryDoor.unauthorized();
                }
                res.setContentType("application/json");
                res.getOutputStream().write("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return;
            }
            if (path.kind() == RegistryPath.Kind.UNKNOWN) {
                throw new RegistryException(RegistryError.UNSUPPORTED, "no such registry endpoint: " + req.getMethod()
                        + " " + req.getRequestURI() + " (see the OCI distribution spec's endpoints)", null, 404);
            }
            String method = req.getMethod();
            boolean pull = method.equals("GET") || method.equals("HEAD");
            if (caller.isEmpty()) {
                throw RegistryDoor.unauthorized();
            }
            String app = RegistryNames.appOf(path.name());
            door.authorize(caller, app, !pull);
            door.requireApp(app, path.name());
            requests.handle(path, caller, req, res);
        } catch (RegistryException e) {
            refuse(res, e);
        } catch (RuntimeException e) {
            log.error("{} {} failed", req.getMethod(), req.getRequestURI(), e);
            refuse(res, new RegistryException(RegistryError.UNKNOWN, "Slipway failed to handle this request ("
                    + e.getClass().getSimpleName() + "); the server log has the details", null));
        }
    }

    static void refuse(HttpServletResponse res, RegistryException e) throws IOException {
        if (res.isCommitted()) {
            return;
        }
        res.resetBuffer();
        res.setStatus(e.status());
        if (e.code() == RegistryError.UNAUTHORIZED) {
            res.setHeader("WWW-Authenticate", CHALLENGE);
        }
        Map<String, Object> error = new java.util.LinkedHashMap<>();
        error.put("code", e.code().name());
        error.put("message", e.getMessage());
        error.put("detail", e.detail());
        byte[] body = JSON.writeValueAsBytes(Map.of("errors", List.of(error)));
        res.setContentType("application/json");
        res.setContentLength(body.length);
        res.getOutputStream().write(body);
    }
}
