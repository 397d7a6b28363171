package dev.slipway.promotion;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everyone who brought a promotion's artifact into Slipway, each with their first run that did: whoever pushed its
 * commit to any branch, and whoever pushed a commit whose run built or reused the same digest. not_author keeps all
 * of them from approving, so pushing one's own commit again under another name (or branch) changes nothing.
 */
final class Authors {
    private final String commit;
    private final List<Author> authors;

    private Authors(String commit, List<Author> authors) {
        this.commit = commit;
        this.authors = authors;
    }

    /** {@code runs}: the promotion's author runs, in any order; its recorded author counts even if their run is gone. */
    static Authors of(Promotion promotion, List<Author> runs) {
        List<Author> sorted = new ArrayList<>(runs);
        sorted.sort(java.util.Comparator.comparingLong(Author::run));
        Map<String, Author> first = new LinkedHashMap<>();
        for (Author a : sorted) {
            first.putIfAbsent(a.user(), a);
        }
        first.putIfAbsent(promotion.author(), new Author(promotion.app(), promotion.id(), promotion.author(),
                promotion.run(), null, promotion.commit()));
        return new Authors(promotion.commit(), List.copyOf(first.values()));
    }

    boolean includes(String user) {
        return authors.stream().anyMatch(a -> a.user().equals(user));
    }

    /** "alice, bob (who pushed the commit)", for a gate that waits for someone else. */
    String describe() {
        boolean viaArtifact = authors.stream().anyMatch(a -> !a.commit().equals(commit));
        return String.join(", ", authors.stream().map(Author::user).toList()) + " (who pushed the commit"
                + (viaArtifact ? " or a commit that produced the same artifact)" : ")");
    }

    /** Why {@code user} is an author, naming the run: "bob pushed commit 1a2b3c4 (run #3 on feature/x)". */
    Optional<String> why(String user) {
        return authors.stream().filter(a -> a.user().equals(user)).findFirst().map(a -> a.user() + " pushed commit "
                + Elapsed.commit(a.commit()) + " (run #" + a.run() + (a.branch() == null ? "" : " on " + a.branch())
                + ")" + (a.commit().equals(commit) ? "" : ", which produced the same artifact"));
    }
}
