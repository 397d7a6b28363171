package dev.slipway.pipeline;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * An environment's Kubernetes manifests at a commit ({@code deploy: { manifests: DIR }}): every {@code *.yml} and
 * {@code *.yaml} file under DIR, in path order, checked as a push checks them. A problem is a {@link
 * ManifestException} naming the file and line: the directory missing or empty; a file that is not UTF-8 or not YAML
 * (line:column); a document that is not an object of a {@link ManagedKind}; a {@code ${VAR}} that is neither built in
 * ({@link ManifestTemplate#BUILT_IN}) nor one of the environment's config keys; a Deployment's container image not
 * pinned by digest. What passes is what a deployment renders and applies.
 */
public final class Manifests {
    /** At most 200 files of at most 1 MiB each and 4 MiB in all: every manifest of an app is read at each push. */
    public static final DirectoryQuery QUERY = new DirectoryQuery(List.of(".yml", ".yaml"), 200, 1024 * 1024,
            4 * 1024 * 1024);

    private Manifests() {}

    /** The environment's manifests at {@code commit}, checked; none when it has no {@code deploy: { manifests }}. */
    public static List<ManifestTemplate> read(SourceRepository source, String app, String commit, EnvironmentSpec env)
            throws ManifestException {
        if (env.deploy().isEmpty()) {
            return List.of();
        }
        String dir = env.deploy().get().manifests();
        List<ManifestTemplate> templates = new ArrayList<>();
        boolean anyObject = false;
        for (SourceFile file : files(source, app, commit, dir, env)) {
            ManifestTemplate template = new ManifestTemplate(file.path(), text(file));
            anyObject |= check(template, env);
            templates.add(template);
        }
        if (!anyObject) {
            throw new ManifestException(dir + "/: has no Kubernetes objects at commit " + shortId(commit)
                    + ", only empty YAML files; " + whereNamed(env));
        }
        return List.copyOf(templates);
    }

    /** The variables a manifest of {@code env} may use: the built-in ones and the environment's config keys. */
    public static Set<String> known(EnvironmentSpec env) {
        Set<String> known = new LinkedHashSet<>(ManifestTemplate.BUILT_IN);
        known.addAll(env.config().keySet());
        return known;
    }

    private static List<SourceFile> files(SourceRepository source, String app, String commit, String dir,
                                          EnvironmentSpec env) throws ManifestException {
        Optional<List<SourceFile>> files;
        try {
            files = source.readDirectory(app, commit, dir, QUERY);
        } catch (DirectoryException e) {
            throw new ManifestException(e.getMessage() + " (" + whereNamed(env) + ")");
        }
        if (files.isEmpty()) {
            throw new ManifestException(dir + "/: no such directory at commit " + shortId(commit) + "; "
                    + whereNamed(env) + ": add the manifests there, or correct the path");
        }
        if (files.get().isEmpty()) {
            throw new ManifestException(dir + "/: has no manifests (files named " + QUERY.shown() + ") at commit "
                    + shortId(commit) + "; " + whereNamed(env) + ": add them, or correct the path");
        }
        return files.get();
    }

    /** Whether the file holds at least one object; every check on the way throws. */
    private static boolean check(ManifestTemplate template, EnvironmentSpec env) throws ManifestException {
        Optional<String> unknown = template.unknown(known(env), Set.copyOf(env.secrets()));
        if (unknown.isPresent()) {
            // the known variables differ from one environment to the next: say which one this was read for
            throw new ManifestException(unknown.get() + " (read for environment '" + env.name() + "')");
        }
        List<Node> documents = ManifestYaml.documents(template);
        for (Node document : documents) {
            ManifestRules.check(template, document, env.config());
        }
        return !documents.isEmpty();
    }

    private static String text(SourceFile file) throws ManifestException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(file.bytes())).toString();
        } catch (CharacterCodingException e) {
            throw new ManifestException(file.path() + ": is not UTF-8 text; save it as UTF-8");
        }
    }

    private static String whereNamed(EnvironmentSpec env) {
        return "environment '" + env.name() + "' names it in deploy: { manifests: " + env.deploy().orElseThrow()
                .manifestsShown() + " } of " + PipelineParser.FILE;
    }

    private static String shortId(String commit) {
        return commit.length() > 7 ? commit.substring(0, 7) : commit;
    }
}
