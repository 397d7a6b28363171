package dev.slipway.forge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.Problem;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each forge's deliveries, in the shapes their documentation gives, read into one event; and their signatures. */
class HookFormatsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String A = "a".repeat(40);
    static final String B = "b".repeat(40);

    @Test
    void githubsDocumentedTestVector() {
        byte[] body = "Hello, World!".getBytes(StandardCharsets.UTF_8);
        String secret = "It's a Secret to Everybody";
        assertThat(Signatures.hmacSha256Hex(secret, body))
                .isEqualTo("757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
        GitHubHooks github = new GitHubHooks();
        assertThat(github.signedWith(Map.of("x-hub-signature-256",
                "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"), body, secret)).isTrue();
        assertThat(github.signedWith(Map.of("x-hub-signature-256",
                "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"), body, secret))
                .as("without its prefix").isFalse();
        assertThat(github.signedWith(Map.of("x-hub-signature-256",
                "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e18"), body, secret)).isFalse();
        assertThat(github.signedWith(Map.of(), body, secret)).as("unsigned").isFalse();
        assertThat(new GiteaHooks().signedWith(Map.of("x-gitea-signature",
                "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"), body, secret)).isTrue();
        assertThat(new GitLabHooks().signedWith(Map.of("x-gitlab-token", secret), body, secret)).isTrue();
        assertThat(new GitLabHooks().signedWith(Map.of("x-gitlab-token", secret + " "), body, secret)).isFalse();
    }

    @Test
    void aGithubPush() throws Exception {
        ForgeEvent event = new GitHubHooks().read(Map.of("x-github-event", "push", "x-github-delivery", "g-1"),
                json("""
                {"ref": "refs/heads/main", "before": "%s", "after": "%s", "created": false, "deleted": false,
                 "repository": {"id": 1296269, "full_name": "octo-org/hello", "html_url": "https://github.com/octo-org/hello",
                   "clone_url": "https://github.com/octo-org/hello.git", "ssh_url": "git@github.com:octo-org/hello.git",
                   "git_url": "git://github.com/octo-org/hello.git"},
                 "pusher": {"name": "octocat", "email": "octocat@github.com"},
                 "sender": {"login": "octocat", "id": 1}, "commits": [], "head_commit": null}
                """.formatted(A, B)));
        assertThat(event).isEqualTo(new ForgeEvent(ForgeEvent.Kind.MOVE, "g-1", "push",
                java.util.List.of("https://github.com/octo-org/hello.git", "git@github.com:octo-org/hello.git",
                        "https://github.com/octo-org/hello"), "refs/heads/main", A, B, "octocat"));
    }

    @Test
    void githubsCreateAndDeleteNameNoCommit() throws Exception {
        String body = """
                {"ref": "v1.2", "ref_type": "tag", "master_branch": "main", "pusher_type": "user",
                 "repository": {"clone_url": "https://github.com/octo-org/hello.git"}, "sender": {"login": "octocat"}}""";
        ForgeEvent created = new GitHubHooks().read(Map.of("x-github-event", "create", "x-github-delivery", "g-2"),
                json(body));
        assertThat(created.ref()).isEqualTo("refs/tags/v1.2");
        assertThat(created.after()).as("just look").isNull();
        assertThat(created.login()).isEqualTo("octocat");
        ForgeEvent deleted = new GitHubHooks().read(Map.of("x-github-event", "delete", "x-github-delivery", "g-3"),
                json(body.replace("\"tag\"", "\"branch\"").replace("v1.2", "feature/x")));
        assertThat(deleted.ref()).isEqualTo("refs/heads/feature/x");
        assertThat(deleted.after()).isEqualTo(PushHint.ZERO);
    }

    @Test
    void githubsOtherEventsAndPing() throws Exception {
        JsonNode repo = json("{\"zen\": \"Keep it logically awesome.\", \"hook_id\": 1, "
                + "\"repository\": {\"clone_url\": \"https://github.com/octo-org/hello.git\"}}");
        assertThat(new GitHubHooks().read(Map.of("x-github-event", "ping", "x-github-delivery", "p"), repo).kind())
                .isEqualTo(ForgeEvent.Kind.PING);
        assertThat(new GitHubHooks().read(Map.of("x-github-event", "issues", "x-github-delivery", "i"), repo).kind())
                .isEqualTo(ForgeEvent.Kind.OTHER);
    }

    @Test
    void aGitlabPushAndTagPush() throws Exception {
        String push = """
                {"object_kind": "push", "event_name": "push", "before": "%s", "after": "%s",
                 "ref": "refs/heads/main", "checkout_sha": "%s", "user_id": 4, "user_name": "John Smith",
                 "user_username": "jsmith", "project_id": 15,
                 "project": {"id": 15, "name": "Diaspora", "web_url": "https://gitlab.example.com/mike/diaspora",
                   "git_ssh_url": "git@gitlab.example.com:mike/diaspora.git",
                   "git_http_url": "https://gitlab.example.com/mike/diaspora.git",
                   "path_with_namespace": "mike/diaspora", "default_branch": "main"},
                 "commits": [], "total_commits_count": 0,
                 "repository": {"name": "Diaspora", "url": "git@gitlab.example.com:mike/diaspora.git",
                   "homepage": "https://gitlab.example.com/mike/diaspora"}}""".formatted(A, B, B);
        ForgeEvent event = new GitLabHooks().read(Map.of("x-gitlab-event", "Push Hook", "x-gitlab-event-uuid",
                "13792a34-cac6-4fda-95a8-c58e00a3954e"), json(push));
        assertThat(event).isEqualTo(new ForgeEvent(ForgeEvent.Kind.MOVE, "13792a34-cac6-4fda-95a8-c58e00a3954e",
                "Push Hook", java.util.List.of("https://gitlab.example.com/mike/diaspora.git",
                "git@gitlab.example.com:mike/diaspora.git", "https://gitlab.example.com/mike/diaspora"),
                "refs/heads/main", A, B, "jsmith"));

        String tagDeleted = push.replace("\"push\"", "\"tag_push\"").replace("refs/heads/main", "refs/tags/v1.0.0")
                .replace("\"after\": \"" + B + "\"", "\"after\": \"" + PushHint.ZERO + "\"");
        ForgeEvent tag = new GitLabHooks().read(Map.of("x-gitlab-event", "Tag Push Hook", "x-gitlab-webhook-uuid",
                "w-1"), json(tagDeleted));
        assertThat(tag.deliveryId()).as("the webhook's UUID when the event's is absent").isEqualTo("w-1");
        assertThat(tag.ref()).isEqualTo("refs/tags/v1.0.0");
        assertThat(tag.after()).isEqualTo(PushHint.ZERO);
        assertThat(new GitLabHooks().read(Map.of("x-gitlab-event", "Merge Request Hook", "x-gitlab-event-uuid", "m"),
                json(push)).kind()).isEqualTo(ForgeEvent.Kind.OTHER);
    }

    @Test
    void aGiteaPushCreateAndDelete() throws Exception {
        String push = """
                {"secret": "", "ref": "refs/heads/develop", "before": "%s", "after": "%s",
                 "compare_url": "http://localhost:3000/gitea/webhooks/compare/a...b", "commits": [],
                 "repository": {"id": 140, "owner": {"id": 1, "login": "gitea", "username": "gitea"},
                   "name": "webhooks", "full_name": "gitea/webhooks", "html_url": "http://localhost:3000/gitea/webhooks",
                   "ssh_url": "ssh://gitea@localhost:2222/gitea/webhooks.git",
                   "clone_url": "http://localhost:3000/gitea/webhooks.git", "default_branch": "master"},
                 "pusher": {"id": 1, "login": "Gitea", "username": "Gitea"},
                 "sender": {"id": 1, "login": "gitea", "username": "gitea"}}""".formatted(A, B);
        ForgeEvent event = new GiteaHooks().read(Map.of("x-gitea-event", "push", "x-gitea-delivery",
                "f6266f16-1bf3-46a5-9ea4-602e06ead473"), json(push));
        assertThat(event).isEqualTo(new ForgeEvent(ForgeEvent.Kind.MOVE, "f6266f16-1bf3-46a5-9ea4-602e06ead473",
                "push", java.util.List.of("http://localhost:3000/gitea/webhooks.git",
                "ssh://gitea@localhost:2222/gitea/webhooks.git", "http://localhost:3000/gitea/webhooks"),
                "refs/heads/develop", A, B, "Gitea"));

        String create = """
                {"sha": "%s", "ref": "v2", "ref_type": "tag",
                 "repository": {"clone_url": "http://localhost:3000/gitea/webhooks.git"}, "sender": {"login": "gitea"}}"""
                .formatted(B);
        ForgeEvent created = new GiteaHooks().read(Map.of("x-gitea-event", "create", "x-gitea-delivery", "c"),
                json(create));
        assertThat(created.ref()).isEqualTo("refs/tags/v2");
        assertThat(created.after()).as("Gitea's create names its commit").isEqualTo(B);
        assertThat(created.login()).isEqualTo("gitea");
        ForgeEvent deleted = new GiteaHooks().read(Map.of("x-gitea-event", "delete", "x-gitea-delivery", "d"),
                json("""
                {"ref": "old", "ref_type": "branch", "pusher_type": "user",
                 "repository": {"clone_url": "http://localhost:3000/gitea/webhooks.git"}, "sender": {"login": "gitea"}}"""));
        assertThat(deleted.ref()).isEqualTo("refs/heads/old");
        assertThat(deleted.after()).isEqualTo(PushHint.ZERO);
    }

    @Test
    void whatIsMissingIsSaid() throws Exception {
        assertThatThrownBy(() -> new GitHubHooks().read(Map.of("x-github-event", "push"), json("{}")))
                .isInstanceOf(Problem.class).hasMessageContaining("x-github-delivery header is missing");
        assertThatThrownBy(() -> new GitHubHooks().read(Map.of("x-github-event", "push", "x-github-delivery", "1"),
                json("{\"ref\": \"refs/heads/main\", \"before\": \"" + A + "\", \"pusher\": {\"name\": \"o\"}}")))
                .isInstanceOf(Problem.class).hasMessageContaining("has no after");
        assertThatThrownBy(() -> new GitHubHooks().read(Map.of("x-github-event", "push", "x-github-delivery", "1"),
                json("{\"ref\": \"refs/heads/main\", \"before\": \"" + A + "\", \"after\": \"main\"}")))
                .isInstanceOf(Problem.class).hasMessageContaining("after is not a commit id");
        assertThatThrownBy(() -> new GitHubHooks().read(Map.of("x-github-event", "push", "x-github-delivery",
                "x".repeat(500)), json("{}"))).isInstanceOf(Problem.class).hasMessageContaining("not a delivery id");
        assertThatThrownBy(() -> new GitHubHooks().read(Map.of("x-github-event", "push", "x-github-delivery", "1"),
                json("{\"ref\": \"main\", \"before\": \"" + A + "\", \"after\": \"" + B + "\"}")))
                .isInstanceOf(Problem.class).hasMessageContaining("not a full ref name");
        assertThatThrownBy(() -> new GitLabHooks().read(Map.of("x-gitlab-event", "Push Hook"), json("{}")))
                .isInstanceOf(Problem.class).hasMessageContaining("X-Gitlab-Event-UUID");
    }

    @Test
    void refsThatGitWouldRefuseAndLoginsNoForgeGivesAreRefusedSayingWhich() throws Exception {
        for (String ref : new String[] {"refs/heads/../../etc", "refs/heads/a\u0000b", "refs/heads/a b",
                "refs/heads/x.lock", "refs/heads//x", "refs/heads/x/", "refs/heads/.hidden", "refs/heads/a@{1}",
                "refs/heads/a~1", "refs/heads/a:b", "refs/heads/a\\b", "refs/heads/a?", "refs/heads/a*",
                "refs/heads/a[", "refs/heads/x."}) {
            assertThatThrownBy(() -> githubPush(ref, "octocat")).as(ref).isInstanceOf(Problem.class)
                    .hasMessageContaining("not a valid ref name");
        }
        for (String login : new String[] {"a\u0000b", "<script>alert(1)</script>", "x".repeat(256), "-lead",
                "a b"}) {
            assertThatThrownBy(() -> githubPush("refs/heads/main", login)).as(login).isInstanceOf(Problem.class)
                    .hasMessageContaining("is not a forge login");
        }
        assertThat(githubPush("refs/heads/feature/a-b_c.d", "dependabot[bot]").login()).isEqualTo("dependabot[bot]");
        assertThat(githubPush("refs/tags/v1.2.3", "Octo.Cat_1").ref()).isEqualTo("refs/tags/v1.2.3");
    }

    private static ForgeEvent githubPush(String ref, String login) throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode body = JSON.createObjectNode();
        body.put("ref", ref).put("before", A).put("after", B);
        body.putObject("repository").put("clone_url", "https://github.com/octo-org/hello.git");
        body.putObject("pusher").put("name", login);
        return new GitHubHooks().read(Map.of("x-github-event", "push", "x-github-delivery", "r-1"), body);
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }
}
