package dev.slipway.forge;

/** Where a forge's status links to: pages of this Slipway at the address people reach it at (--public-url). */
public record ReportLinks(String base) {
    public ReportLinks {
        base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    public String run(String app, long number) {
        return base + "/ui/apps/" + app + "/runs/" + number;
    }

    public String environment(String app, String environment) {
        return base + "/ui/apps/" + app + "/environments/" + environment;
    }
}
