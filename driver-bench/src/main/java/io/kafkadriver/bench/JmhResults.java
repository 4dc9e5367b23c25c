/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads {@code RecordBatchBenchmark}'s results from JMH's JSON ({@code -rf json}): finds a benchmark by the
 * operation prefix of its method name ({@code encode}, {@code decode}), its side ({@code Ours}, {@code Official})
 * and its {@code codec} parameter, so that methods added to the benchmark do not break the report. The method named
 * exactly {@code decodeOurs} (etc.) is preferred; other methods of the same prefix and side are listed beside it.
 */
final class JmhResults {

    private JmhResults() {
    }

    /**
     * One benchmark's scores.
     *
     * @param method       the method name
     * @param opsPerSecond the primary score, operations (batches) per second
     * @param bytesPerOp   bytes allocated per operation ({@code -prof gc}'s {@code gc.alloc.rate.norm}), NaN without
     * @param others       the other methods of the same operation and side, with their scores, as text ("" if none)
     */
    record Score(String method, double opsPerSecond, double bytesPerOp, String others) {
    }

    /**
     * Finds a benchmark's scores.
     *
     * @param jmh   the parsed JMH JSON (an array), or null
     * @param op    {@code encode} or {@code decode}
     * @param side  {@code Ours} or {@code Official}
     * @param codec the codec parameter, any case
     * @return the scores of {@code op + side} (or the first method starting with it), null when absent
     */
    @SuppressWarnings("unchecked")
    static Score find(List<Object> jmh, String op, String side, String codec) {
        if (jmh == null) {
            return null;
        }
        String prefix = op + side;
        List<Score> found = new ArrayList<>();
        for (Object o : jmh) {
            Map<String, Object> b = (Map<String, Object>) o;
            String name = String.valueOf(b.get("benchmark"));
            String method = name.substring(name.lastIndexOf('.') + 1);
            Map<String, Object> params = (Map<String, Object>) b.get("params");
            Object c = params == null ? null : params.get("codec");
            if (!method.startsWith(prefix) || c == null || !codec.equalsIgnoreCase(c.toString())) {
                continue;
            }
            if (!unit(b).equals("ops/s")) {
                continue;
            }
            double score = ((Number) ((Map<String, Object>) b.get("primaryMetric")).get("score")).doubleValue();
            found.add(new Score(method, score, allocation(b), ""));
        }
        if (found.isEmpty()) {
            return null;
        }
        Score main = found.stream().filter(s -> s.method().equals(prefix)).findFirst().orElse(found.get(0));
        StringBuilder others = new StringBuilder();
        for (Score s : found) {
            if (s != main) {
                others.append(String.format(Locale.ROOT, "; also %s %s ops/s", s.method(),
                        GoalRows.raw(s.opsPerSecond())));
            }
        }
        String named = main.method().equals(prefix) ? "" : "; " + main.method();
        return new Score(main.method(), main.opsPerSecond(), main.bytesPerOp(), named + others);
    }

    @SuppressWarnings("unchecked")
    private static String unit(Map<String, Object> b) {
        Object unit = ((Map<String, Object>) b.get("primaryMetric")).get("scoreUnit");
        return unit == null ? "" : unit.toString();
    }

    /** {@code gc.alloc.rate.norm} in B/op (JMH names it with or without a leading "·"), NaN without. */
    @SuppressWarnings("unchecked")
    private static double allocation(Map<String, Object> b) {
        Object secondary = b.get("secondaryMetrics");
        if (secondary instanceof Map<?, ?> metrics) {
            for (Map.Entry<?, ?> e : metrics.entrySet()) {
                if (e.getKey().toString().endsWith("gc.alloc.rate.norm")) {
                    Object score = ((Map<String, Object>) e.getValue()).get("score");
                    return score instanceof Number n ? n.doubleValue() : Double.NaN;
                }
            }
        }
        return Double.NaN;
    }
}
