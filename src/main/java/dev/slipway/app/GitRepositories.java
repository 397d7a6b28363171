package dev.slipway.app;

/** Where apps keep their source: the built-in git remote's bare repositories. */
public interface GitRepositories {
    /** Creates an empty bare repository for the app, replacing any leftover of an app that was never recorded. */
    void create(String app);

    /** Removes a repository created by {@link #create} whose app row did not commit. */
    void discard(String app);

    String cloneUrl(String app, String serverBaseUrl);
}
