package dev.slipway.runner;

import java.util.List;
import java.util.Optional;

/** Where {@code container:} jobs run: the engines admins registered ({@code target.ExecutorRegistry}, wired by boot). */
public interface JobEngines {
    /** The engine the next container job runs on; empty when no executor is registered. */
    Optional<JobEngine> forJobs();

    /** Every registered engine: where a restarted server looks for job containers a crash left running. */
    List<JobEngine> all();
}
