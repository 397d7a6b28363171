package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The dashboard shows an app's path in its pipeline file's order, whatever the environments are called. */
class DashboardEnvironmentOrderE2ETest extends OneServerE2E {
    private static final Pattern ENV = Pattern.compile("data-env=\"([^\"]+)\"");

    @Test
    void environmentsAppearInThePipelineFilesOrder() throws Exception {
        createApp("order");
        String olga = tokenFor("olga", "viewer", "order");
        String admin = tokenFor("otto", "admin", "order");
        GitClient git = exampleRepo(tmp.resolve("order"));
        String pipeline = Files.readString(git.dir().resolve(".slipway.yml"));
        // qa, production, staging: not the order of their names, nor staging before production; none deployed on push
        git.write(".slipway.yml", pipeline.substring(0, pipeline.indexOf("environments:")) + """
                environments:
                  - name: dev
                    branches: [ "*", "!main" ]
                    ephemeral: true
                  - name: qa
                    tags: [ "qa-*" ]
                  - name: production
                    tags: [ "v*" ]
                  - name: staging
                    tags: [ "rc-*" ]
                """);
        git.commitAll("qa, production, staging");
        awaitRun("order", pushedRun(git.push(server.pushUrl("order", "otto", admin), "HEAD:refs/heads/main").ok()));

        assertThat(environments(page("/ui/apps/order", olga))).containsExactly("qa", "production", "staging");
        String overview = page("/ui", olga);
        assertThat(environments(overview.substring(overview.indexOf("id=\"app-order\""))))
                .containsExactly("qa", "production", "staging");
    }

    private static List<String> environments(String html) {
        List<String> names = new ArrayList<>();
        Matcher m = ENV.matcher(html);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static String page(String path, String token) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url()
                + path)).header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }
}
