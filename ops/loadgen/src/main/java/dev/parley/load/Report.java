package dev.parley.load;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.parley.schemas.json.Json;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a run's results: {@code <name>.json} (parameters, totals, latency percentiles, the per-second timeline)
 * and two PNG charts, latency over time and the percentile distribution.
 */
public final class Report {

    private Report() {
    }

    /** The summary of a finished run, also returned for printing. */
    public static Map<String, Object> write(Path dir, String name, Map<String, Object> parameters, Metrics metrics,
                                            Map<String, Object> extra) {
        Histogram latency = metrics.total();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("scenario", name);
        summary.put("parameters", parameters);
        summary.put("deliveries", metrics.deliveries.sum());
        summary.put("sent", metrics.sent.sum());
        summary.put("missed", metrics.missed.sum());
        summary.put("duplicated", metrics.duplicated.sum());
        summary.put("connect_failures", metrics.connectFailures.sum());
        summary.put("connect_retries", metrics.retries.sum());
        summary.put("closes", metrics.closeCounts());
        Map<String, Object> percentiles = new LinkedHashMap<>();
        for (double p : new double[]{50, 90, 99, 99.9}) {
            percentiles.put("p" + (p == Math.rint(p) ? String.valueOf((int) p) : String.valueOf(p)), latency.getValueAtPercentile(p) / 1000.0);
        }
        percentiles.put("max", latency.getMaxValue() / 1000.0);
        percentiles.put("count", latency.getTotalCount());
        summary.put("latency_ms", percentiles);
        summary.putAll(extra);
        summary.put("timeline", metrics.timeline());
        try {
            Files.createDirectories(dir);
            Json.MAPPER.writer(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve(name + ".json").toFile(), summary);
            charts(dir, name, metrics, latency);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write results to " + dir, e);
        }
        return summary;
    }

    private static void charts(Path dir, String name, Metrics metrics, Histogram latency) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYSeries p50 = new XYSeries("p50");
        XYSeries p99 = new XYSeries("p99");
        XYSeries max = new XYSeries("max");
        for (Metrics.Second second : metrics.timeline()) {
            p50.add(second.second(), second.p50Ms());
            p99.add(second.second(), second.p99Ms());
            max.add(second.second(), second.maxMs());
        }
        XYSeriesCollection overTime = new XYSeriesCollection();
        overTime.addSeries(p50);
        overTime.addSeries(p99);
        overTime.addSeries(max);
        JFreeChart timeChart = ChartFactory.createXYLineChart(name + ": latency over time", "second", "latency (ms)",
                overTime, PlotOrientation.VERTICAL, true, false, false);
        ChartUtils.saveChartAsPNG(dir.resolve(name + "-latency-over-time.png").toFile(), timeChart, 1000, 500);

        XYSeries distribution = new XYSeries("latency");
        for (HistogramIterationValue value : latency.percentiles(5)) {
            double percentile = value.getPercentileLevelIteratedTo();
            if (percentile >= 100) break;
            distribution.add(100.0 / (100.0 - percentile), value.getValueIteratedTo() / 1000.0);
        }
        JFreeChart percentileChart = ChartFactory.createXYLineChart(name + ": latency by percentile",
                "percentile (1/(1-p): 10 = p90, 100 = p99, 1000 = p99.9)", "latency (ms)",
                new XYSeriesCollection(distribution), PlotOrientation.VERTICAL, false, false, false);
        if (distribution.getItemCount() > 1) {
            LogarithmicAxis axis = new LogarithmicAxis("percentile (10 = p90, 100 = p99, 1000 = p99.9)");
            axis.setAllowNegativesFlag(false);
            percentileChart.getXYPlot().setDomainAxis(axis);
        }
        ChartUtils.saveChartAsPNG(dir.resolve(name + "-latency-percentiles.png").toFile(), percentileChart, 1000, 500);
    }
}
