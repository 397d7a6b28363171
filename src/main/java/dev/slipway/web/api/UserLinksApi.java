package dev.slipway.web.api;

import dev.slipway.auth.Role;
import dev.slipway.forge.Forge;
import dev.slipway.forge.ForgeLinks;
import dev.slipway.forge.ForgeLogin;
import dev.slipway.web.Json;
import dev.slipway.web.Permission;
import dev.slipway.web.Routes;
import java.util.List;

/**
 * {@code /api/v1/users/{user}/links}: the forge logins linked to a user, so that what they push on GitHub, GitLab or
 * Gitea is theirs in Slipway. Admins only: a link decides whose push a delivery is.
 */
public final class UserLinksApi {
    private static final String EXAMPLE = "{\"login\": \"octocat\"}";
    private final ForgeLinks links;

    public UserLinksApi(ForgeLinks links) {
        this.links = links;
    }

    record LinkBody(String login) {}

    record LinkView(String forge, String login, String linkedAt, String linkedBy) {}

    record LinkList(String user, List<LinkView> links) {}

    public void register(Routes routes) {
        routes.get("/api/v1/users/{user}/links", Permission.global(Role.ADMIN), ctx -> {
            String user = ctx.pathParam("user");
            ctx.json(new LinkList(user, links.of(user).stream().map(UserLinksApi::view).toList()));
        });
        routes.put("/api/v1/users/{user}/links/{forge}", Permission.global(Role.ADMIN), ctx -> {
            LinkBody body = Json.body(ctx, LinkBody.class, EXAMPLE);
            Forge forge = Forge.of(ctx.pathParam("forge"));
            ctx.json(view(links.link(Routes.principal(ctx).user(), ctx.pathParam("user"), forge, body.login())));
        });
        routes.delete("/api/v1/users/{user}/links/{forge}", Permission.global(Role.ADMIN), ctx -> {
            Forge forge = Forge.of(ctx.pathParam("forge"));
            ctx.json(view(links.unlink(Routes.principal(ctx).user(), ctx.pathParam("user"), forge)));
        });
    }

    private static LinkView view(ForgeLogin link) {
        return new LinkView(link.forge().id(), link.login(), Views.time(link.createdAt()), link.createdBy());
    }
}
