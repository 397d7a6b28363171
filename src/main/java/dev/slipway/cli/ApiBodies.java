package dev.slipway.cli;

import java.util.List;

/**
 * The API's JSON bodies as the CLI reads them. Times stay ISO-8601 strings (see {@link Formats});
 * a field the server leaves out or sends as null is null here.
 */
final class ApiBodies {
    private ApiBodies() {}

    record App(String name, String gitUrl, String createdAt) {}

    record AppList(List<App> apps) {
        AppList {
            apps = apps == null ? List.of() : apps;
        }
    }

    record Run(
            int number,
            String branch,
            String commit,
            String state,
            String error,
            String artifact,
            Integer reusedFrom,
            String createdAt,
            String startedAt,
            String finishedAt,
            List<Stage> stages) {
        Run {
            stages = stages == null ? List.of() : stages;
        }
    }

    record RunList(String app, List<Run> runs) {
        RunList {
            runs = runs == null ? List.of() : runs;
        }
    }

    record Stage(String name, String state, List<Job> jobs) {
        Stage {
            jobs = jobs == null ? List.of() : jobs;
        }
    }

    record Job(String name, String state, Integer exitCode, String error, String startedAt, String finishedAt) {}

    record Status(String app, List<EnvironmentStatus> environments) {
        Status {
            environments = environments == null ? List.of() : environments;
        }
    }

    record EnvironmentStatus(
            String name, String commit, String digest, String state, String url, String deployedAt) {}

    /** The data of the log stream's {@code end} event. */
    record End(String state) {}
}
