package dev.parley.ops.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.schemas.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PromQL queries of a Grafana dashboard (every {@code targets[].expr} of every panel, rows' nested panels
 * included), with its template variables substituted as Grafana would before sending them to Prometheus: a
 * {@code custom}, {@code constant} or {@code textbox} variable by its current value, a {@code query} variable by a
 * regular expression matching any value ({@code .+}, for use in {@code =~} matchers), an {@code interval} variable and
 * Grafana's {@code $__interval} / {@code $__rate_interval} by the given intervals. A {@code datasource} variable is
 * only ever a panel's data source, never part of a query.
 */
public final class DashboardQueries {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::\\w+)?}|\\[\\[(\\w+)]]|\\$(\\w+)");

    /** One query of one panel: the panel's title, the target's refId and the expression as it is sent. */
    public record Query(String panel, String refId, String expr) {
    }

    private DashboardQueries() {
    }

    /**
     * Reads the dashboard and returns its queries in panel order.
     *
     * @param scrapeInterval what {@code $__interval} stands for; {@code $__rate_interval} is four times it (Grafana's
     *                       rule: at least four scrapes)
     * @throws IllegalArgumentException when a query names a variable the dashboard does not define
     */
    public static List<Query> read(Path dashboard, Duration scrapeInterval) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(Files.readString(dashboard));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dashboard " + dashboard, e);
        }
        Map<String, String> values = variables(root, scrapeInterval);
        List<Query> queries = new ArrayList<>();
        collect(root.path("panels"), values, queries);
        return queries;
    }

    private static void collect(JsonNode panels, Map<String, String> values, List<Query> into) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText("");
                if (expr.isBlank() || target.path("hide").asBoolean(false)) continue;
                into.add(new Query(panel.path("title").asText(""), target.path("refId").asText(""),
                        substitute(expr, values)));
            }
            collect(panel.path("panels"), values, into);
        }
    }

    private static Map<String, String> variables(JsonNode root, Duration scrapeInterval) {
        Map<String, String> values = new HashMap<>();
        values.put("__interval", promDuration(scrapeInterval));
        values.put("__rate_interval", promDuration(scrapeInterval.multipliedBy(4)));
        values.put("__range", "1h");
        for (JsonNode variable : root.path("templating").path("list")) {
            String name = variable.path("name").asText();
            String type = variable.path("type").asText();
            switch (type) {
                case "datasource" -> { } // a panel's data source, never in an expression
                case "query" -> values.put(name, ".+");
                case "interval" -> values.put(name, promDuration(scrapeInterval.multipliedBy(4)));
                default -> values.put(name, current(variable));
            }
        }
        return values;
    }

    private static String current(JsonNode variable) {
        JsonNode current = variable.path("current").path("value");
        if (current.isTextual()) return current.asText();
        if (current.isArray() && !current.isEmpty()) return current.get(0).asText();
        JsonNode options = variable.path("options");
        if (options.isArray() && !options.isEmpty()) return options.get(0).path("value").asText();
        return variable.path("query").asText("");
    }

    static String substitute(String expr, Map<String, String> values) {
        Matcher matcher = VARIABLE.matcher(expr);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1) != null ? matcher.group(1)
                    : matcher.group(2) != null ? matcher.group(2) : matcher.group(3);
            String value = values.get(name);
            if (value == null && name.chars().allMatch(Character::isDigit)) {
                value = matcher.group(); // a capture group reference of label_replace, e.g. "$1"
            } else if (value == null) {
                throw new IllegalArgumentException("query names the variable $" + name + ", which the dashboard does not "
                        + "define: " + expr);
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String promDuration(Duration duration) {
        long ms = duration.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
