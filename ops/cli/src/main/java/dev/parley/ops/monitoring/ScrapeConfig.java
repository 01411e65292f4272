package dev.parley.ops.monitoring;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Prometheus configuration made from a shipped one ({@code ops/monitoring/prometheus.yml}): its jobs, metrics paths
 * and authorization as they are, with the targets of each job, the metrics token's file and the scrape interval of a
 * given deployment. A job without given targets keeps the template's; a relative {@code credentials_file} is resolved
 * against the template's directory, as Prometheus resolves it.
 */
public final class ScrapeConfig {
    private final Map<String, Object> root;

    private ScrapeConfig(Map<String, Object> root) {
        this.root = root;
    }

    /**
     * @throws IllegalArgumentException when the file is no Prometheus configuration with {@code scrape_configs}
     */
    public static ScrapeConfig load(Path template) {
        Object loaded;
        try {
            loaded = new Yaml().load(Files.readString(template));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Prometheus configuration " + template, e);
        }
        if (!(loaded instanceof Map<?, ?> map) || !(map.get("scrape_configs") instanceof List<?>)) {
            throw new IllegalArgumentException(template + " has no scrape_configs");
        }
        ScrapeConfig config = new ScrapeConfig(castMap(map));
        Path dir = template.toAbsolutePath().getParent();
        for (Map<String, Object> job : config.jobs()) {
            if (job.get("authorization") instanceof Map<?, ?> auth && auth.get("credentials_file") instanceof String file) {
                castMap(auth).put("credentials_file", dir.resolve(file).normalize().toString());
            }
        }
        return config;
    }

    /** The job names, in the template's order. */
    public List<String> jobNames() {
        return jobs().stream().map(job -> String.valueOf(job.get("job_name"))).toList();
    }

    /** The targets ({@code host:port}) of a job's static configurations. */
    public List<String> targets(String jobName) {
        List<String> targets = new ArrayList<>();
        for (Object entry : list(job(jobName).get("static_configs"))) {
            if (entry instanceof Map<?, ?> staticConfig) {
                list(staticConfig.get("targets")).forEach(t -> targets.add(String.valueOf(t)));
            }
        }
        return targets;
    }

    /** The credentials file of a job's authorization, absolute; null when the job has none. */
    public String credentialsFile(String jobName) {
        return job(jobName).get("authorization") instanceof Map<?, ?> auth ? (String) auth.get("credentials_file") : null;
    }

    /** This configuration with {@code targets} as the only static targets of {@code jobName}. */
    public ScrapeConfig withTargets(String jobName, List<String> targets) {
        if (targets.isEmpty()) throw new IllegalArgumentException("no targets for job " + jobName);
        ScrapeConfig copy = copy();
        Map<String, Object> staticConfig = new LinkedHashMap<>();
        staticConfig.put("targets", new ArrayList<>(targets));
        copy.job(jobName).put("static_configs", new ArrayList<>(List.of(staticConfig)));
        return copy;
    }

    /** This configuration with every job's credentials file (the metrics token) replaced. */
    public ScrapeConfig withCredentialsFile(Path tokenFile) {
        ScrapeConfig copy = copy();
        for (Map<String, Object> job : copy.jobs()) {
            if (job.get("authorization") instanceof Map<?, ?> auth) {
                castMap(auth).put("credentials_file", tokenFile.toAbsolutePath().toString());
            }
        }
        return copy;
    }

    /** This configuration scraping (and evaluating) every {@code interval}. */
    public ScrapeConfig withScrapeInterval(Duration interval) {
        ScrapeConfig copy = copy();
        Map<String, Object> global = copy.root.get("global") instanceof Map<?, ?> g ? castMap(g) : new LinkedHashMap<>();
        String text = interval.toMillis() % 1000 == 0 ? interval.toSeconds() + "s" : interval.toMillis() + "ms";
        global.put("scrape_interval", text);
        global.put("evaluation_interval", text);
        copy.root.put("global", global);
        return copy;
    }

    /** The configuration as YAML, for {@code --config.file}. */
    public String yaml() {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(options).dump(root);
    }

    private Map<String, Object> job(String jobName) {
        return jobs().stream().filter(job -> jobName.equals(job.get("job_name"))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no job " + jobName + " in the Prometheus configuration; "
                        + "jobs: " + jobNames()));
    }

    private List<Map<String, Object>> jobs() {
        return list(root.get("scrape_configs")).stream().filter(Map.class::isInstance)
                .map(job -> castMap((Map<?, ?>) job)).toList();
    }

    /** A deep copy (the YAML round trip), so the with-methods never change this one. */
    private ScrapeConfig copy() {
        return new ScrapeConfig(castMap(new Yaml().load(yaml())));
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> l ? l : List.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object map) {
        return (Map<String, Object>) map;
    }
}
