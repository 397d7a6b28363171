package dev.slipway.web.api;

import dev.slipway.web.Permission;
import dev.slipway.web.Routes;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * GET /metrics in Prometheus' text format: the JVM's own meters and Slipway's counts (runs, deployments and
 * promotions by state, apps, environments, audit entries; deployments live, rolled back and failed, all time), read
 * when scraped. No app names leave as labels.
 */
public final class MetricsEndpoint {
    /** A gauge family: one series per key of what {@code values} returns, labelled {@code label}. */
    public record Family(String name, String help, String label, Supplier<Map<String, Long>> values) {}

    /** A single gauge. */
    public record Single(String name, String help, Supplier<Long> value) {}

    /**
     * A count that only grows (all time, every app), exposed as a Prometheus counter: {@code name} gets the
     * {@code _total} suffix. Read from the records when scraped.
     */
    public record Total(String name, String help, Supplier<Long> value) {}

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<Runnable> refreshers;
    /** Held here: a function counter keeps only a weak reference to what it reads. */
    private final List<Total> totals;

    public MetricsEndpoint(List<Family> families, List<Single> singles, List<Total> totals) {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        for (Single single : singles) {
            Gauge.builder(single.name(), () -> single.value().get()).description(single.help()).register(registry);
        }
        this.totals = List.copyOf(totals);
        for (Total total : this.totals) {
            FunctionCounter.builder(total.name(), total, t -> t.value().get()).description(total.help())
                    .register(registry);
        }
        this.refreshers = families.stream().map(this::multiGauge).toList();
    }

    private Runnable multiGauge(Family family) {
        MultiGauge gauge = MultiGauge.builder(family.name()).description(family.help()).register(registry);
        return () -> gauge.register(family.values().get().entrySet().stream()
                .map(e -> MultiGauge.Row.of(Tags.of(family.label(), e.getKey()), e.getValue())).toList(), true);
    }

    public void register(Routes routes) {
        routes.get("/metrics", Permission.anyone(), ctx -> {
            refreshers.forEach(Runnable::run);
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape());
        });
    }
}
