/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws the results of one or more runs (their JSON, as parsed by {@link MiniJson}) as one hand-written SVG: a
 * panel of throughput bars (records/s, ours next to the official client, for every measured phase of every run, with
 * the ratio ours/official under each pair) and, when a run measured latency, a panel of latency percentiles (p50,
 * p99, p99.9, max per client, milliseconds on a log scale).
 */
final class SvgChart {
    private static final int WIDTH = 960;
    private static final int PANEL_HEIGHT = 330;
    private static final int LEFT = 80;
    private static final int RIGHT = 20;
    private static final int PLOT_HEIGHT = 220;
    private static final String OURS_COLOUR = "#2b6cb0";
    private static final String OFFICIAL_COLOUR = "#dd6b20";
    private static final List<String> PERCENTILES = List.of("p50Ms", "p99Ms", "p999Ms", "maxMs");
    private static final List<String> PERCENTILE_NAMES = List.of("p50", "p99", "p99.9", "max");

    /** One bar: which client, its value. */
    private record Bar(String client, double value) {
    }

    /** Bars side by side with one label under them (a percentile), or none. */
    private record Slot(String label, List<Bar> bars) {
    }

    /** One group of slots with its label and a note (the ratio). */
    private record Group(String label, String note, List<Slot> slots) {
    }

    private SvgChart() {
    }

    /**
     * Renders the chart.
     *
     * @param reports parsed JSON results of {@link Report#toJson()}, in the order to draw them
     * @return the SVG document
     */
    static String render(List<Map<String, Object>> reports) {
        List<Group> throughput = new ArrayList<>();
        List<Group> latency = new ArrayList<>();
        for (Map<String, Object> r : reports) {
            throughputGroups(r, throughput);
            latencyGroups(r, latency);
        }
        int height = 60 + PANEL_HEIGHT * ((throughput.isEmpty() ? 0 : 1) + (latency.isEmpty() ? 0 : 1));
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, height, WIDTH,
                height));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, height));
        text(svg, LEFT, 24, "start", 16, "bold", "kafka-driver (ours) vs the official Java client");
        legend(svg, WIDTH - RIGHT - 230, 18);
        int top = 40;
        if (!throughput.isEmpty()) {
            panel(svg, top, "Throughput, records/s (higher is better); ratio ours/official under each pair",
                    throughput, false);
            top += PANEL_HEIGHT;
        }
        if (!latency.isEmpty()) {
            panel(svg, top, "Latency, ms, log scale (lower is better): p50, p99, p99.9, max", latency, true);
        }
        return svg.append("</svg>\n").toString();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> r, String key) {
        Object v = r.get(key);
        return v instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
    }

    private static double number(Map<String, Object> m, String key) {
        return m.get(key) instanceof Double d ? d : Double.NaN;
    }

    private static void throughputGroups(Map<String, Object> r, List<Group> out) {
        String mode = String.valueOf(r.get("mode"));
        List<String> phases = new ArrayList<>();
        for (Map<String, Object> s : list(r, "summary")) {
            String phase = String.valueOf(s.get("phase"));
            if (!phase.equals("paced") && !phases.contains(phase)) {
                phases.add(phase);
            }
        }
        for (String phase : phases) {
            List<Bar> bars = new ArrayList<>();
            for (Map<String, Object> s : list(r, "summary")) {
                if (phase.equals(s.get("phase"))) {
                    bars.add(new Bar(String.valueOf(s.get("client")), number(s, "recordsPerSecond")));
                }
            }
            out.add(new Group(mode.equals(phase) ? mode : mode + " / " + phase, ratio(bars, false),
                    List.of(new Slot("", bars))));
        }
    }

    private static void latencyGroups(Map<String, Object> r, List<Group> out) {
        String mode = String.valueOf(r.get("mode"));
        List<String> kinds = new ArrayList<>();
        list(r, "latency").forEach(l -> {
            if (!kinds.contains(String.valueOf(l.get("kind")))) {
                kinds.add(String.valueOf(l.get("kind")));
            }
        });
        for (String kind : kinds) {
            List<Slot> slots = new ArrayList<>();
            List<Bar> p99 = new ArrayList<>();
            for (int i = 0; i < PERCENTILES.size(); i++) {
                List<Bar> bars = new ArrayList<>();
                for (Map<String, Object> l : list(r, "latency")) {
                    if (kind.equals(l.get("kind"))) {
                        bars.add(new Bar(String.valueOf(l.get("client")), number(l, PERCENTILES.get(i))));
                    }
                }
                slots.add(new Slot(PERCENTILE_NAMES.get(i), bars));
                if (i == 1) {
                    p99 = bars;
                }
            }
            String ratio = ratio(p99, true);
            out.add(new Group(mode + " / " + kind, ratio.isEmpty() ? "" : "p99 " + ratio, slots));
        }
    }

    private static String ratio(List<Bar> bars, boolean latency) {
        double ours = Double.NaN;
        double theirs = Double.NaN;
        for (Bar b : bars) {
            if (b.client().equals(DriverBenchClient.LABEL)) {
                ours = b.value();
            } else if (b.client().equals(OfficialBenchClient.LABEL)) {
                theirs = b.value();
            }
        }
        if (Double.isNaN(ours) || Double.isNaN(theirs) || theirs == 0) {
            return "";
        }
        return String.format(Locale.ROOT, "x%.2f", ours / theirs);
    }

    private static void panel(StringBuilder svg, int top, String title, List<Group> groups, boolean log) {
        text(svg, LEFT, top + 16, "start", 13, "bold", title);
        int plotTop = top + 36;
        int plotBottom = plotTop + PLOT_HEIGHT;
        double max = 0;
        double min = Double.MAX_VALUE;
        for (Group g : groups) {
            for (Slot s : g.slots()) {
                for (Bar b : s.bars()) {
                    if (b.value() > 0 && Double.isFinite(b.value())) {
                        max = Math.max(max, b.value());
                        min = Math.min(min, b.value());
                    }
                }
            }
        }
        Scale scale = log ? Scale.log(min, max) : Scale.linear(max);
        for (double tick : scale.ticks()) {
            double y = plotBottom - scale.fraction(tick) * PLOT_HEIGHT;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\""
                    + " stroke=\"#ddd\"/>%n", LEFT, y, WIDTH - RIGHT, y));
            text(svg, LEFT - 6, y + 4, "end", 11, "normal", format(tick, log));
        }
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n",
                LEFT, plotBottom, WIDTH - RIGHT, plotBottom));
        double groupWidth = (double) (WIDTH - LEFT - RIGHT) / groups.size();
        for (int g = 0; g < groups.size(); g++) {
            drawGroup(svg, groups.get(g), LEFT + g * groupWidth, groupWidth, plotBottom, scale, log);
        }
    }

    private static void drawGroup(StringBuilder svg, Group group, double x0, double width, int plotBottom,
                                  Scale scale, boolean log) {
        int bars = group.slots().stream().mapToInt(s -> Math.max(2, s.bars().size())).sum();
        double barWidth = Math.min(48, width * 0.8 / (bars + group.slots().size() - 1));
        double x = x0 + (width - barWidth * (bars + group.slots().size() - 1)) / 2;
        for (Slot slot : group.slots()) {
            double slotStart = x;
            for (Bar b : slot.bars()) {
                double h = b.value() > 0 && Double.isFinite(b.value()) ? scale.fraction(b.value()) * PLOT_HEIGHT : 0;
                String colour = b.client().equals(DriverBenchClient.LABEL) ? OURS_COLOUR : OFFICIAL_COLOUR;
                svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\""
                        + " fill=\"%s\"><title>%s %s: %s</title></rect>%n", x, plotBottom - h, barWidth - 2,
                        Math.max(0, h), colour, escape(group.label() + " " + slot.label()).trim(), b.client(),
                        format(b.value(), log)));
                if (group.slots().size() == 1) {
                    text(svg, x + (barWidth - 2) / 2, plotBottom - h - 4, "middle", 11, "normal",
                            format(b.value(), log));
                }
                x += barWidth;
            }
            x += Math.max(0, 2 - slot.bars().size()) * barWidth;
            if (!slot.label().isEmpty()) {
                text(svg, (slotStart + x) / 2, plotBottom + 14, "middle", 10, "normal", slot.label());
            }
            x += barWidth;
        }
        int labelY = plotBottom + (group.slots().size() > 1 ? 30 : 18);
        text(svg, x0 + width / 2, labelY, "middle", 12, "normal", group.label());
        if (!group.note().isEmpty()) {
            text(svg, x0 + width / 2, labelY + 15, "middle", 12, "bold", group.note());
        }
    }

    private static void legend(StringBuilder svg, int x, int y) {
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>%n",
                x, y - 10, OURS_COLOUR));
        text(svg, x + 16, y, "start", 12, "normal", "ours (kafka-driver)");
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>%n",
                x + 150, y - 10, OFFICIAL_COLOUR));
        text(svg, x + 166, y, "start", 12, "normal", "official");
    }

    private static void text(StringBuilder svg, double x, double y, String anchor, int size, String weight,
                             String text) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\""
                + " font-weight=\"%s\">%s</text>%n", x, y, anchor, size, weight, escape(text)));
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String format(double v, boolean millis) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (millis) {
            return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : v >= 1 ? String.format(Locale.ROOT, "%.1f", v)
                    : String.format(Locale.ROOT, "%.2f", v);
        }
        if (v == 0) {
            return "0";
        }
        return v >= 1e6 ? String.format(Locale.ROOT, "%.2fM", v / 1e6) : String.format(Locale.ROOT, "%.0fk", v / 1e3);
    }

    /** Maps values to a fraction of the plot's height, with the grid lines to draw. */
    private record Scale(boolean log, double low, double high) {
        static Scale linear(double max) {
            double step = niceStep(max / 5);
            return new Scale(false, 0, Math.max(step, Math.ceil(max / step) * step));
        }

        static Scale log(double min, double max) {
            double low = Math.pow(10, Math.floor(Math.log10(min == Double.MAX_VALUE ? 0.1 : min)));
            double high = Math.pow(10, Math.ceil(Math.log10(Math.max(max, low * 10))));
            return new Scale(true, low, high == low ? low * 10 : high);
        }

        private static double niceStep(double raw) {
            double magnitude = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-9))));
            double r = raw / magnitude;
            return (r <= 1 ? 1 : r <= 2 ? 2 : r <= 2.5 ? 2.5 : r <= 5 ? 5 : 10) * magnitude;
        }

        double fraction(double v) {
            if (log) {
                return (Math.log10(v) - Math.log10(low)) / (Math.log10(high) - Math.log10(low));
            }
            return v / high;
        }

        List<Double> ticks() {
            List<Double> ticks = new ArrayList<>();
            if (log) {
                for (double t = low; t <= high * 1.0001; t *= 10) {
                    ticks.add(t);
                }
            } else {
                double step = niceStep(high / 5);
                for (double t = 0; t <= high * 1.0001; t += step) {
                    ticks.add(t);
                }
            }
            return ticks;
        }
    }
}
