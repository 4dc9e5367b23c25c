/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code chart} subcommand: draws the JSON results of several runs ({@code --json}) as one SVG
 * ({@link SvgChart}), e.g. all four modes for docs/performance.svg.
 */
@Command(name = "chart", mixinStandardHelpOptions = true,
        description = "Draws the JSON results of one or more runs (written with --json) as one SVG chart.")
public final class ChartCommand implements Callable<Integer> {

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE.svg", description = "The SVG file to write.")
    private Path out;

    @Parameters(arity = "1..*", paramLabel = "RESULTS.json", description = "JSON results, drawn in this order.")
    private List<Path> inputs;

    private final PrintStream log;

    /**
     * Creates the command.
     *
     * @param log where the confirmation line goes
     */
    public ChartCommand(PrintStream log) {
        this.log = log;
    }

    /**
     * Reads the results and writes the chart.
     *
     * @return 0
     * @throws IOException when a file cannot be read or written
     */
    @Override
    @SuppressWarnings("unchecked")
    public Integer call() throws IOException {
        List<Map<String, Object>> reports = new ArrayList<>();
        for (Path p : inputs) {
            reports.add((Map<String, Object>) MiniJson.parse(Files.readString(p, StandardCharsets.UTF_8)));
        }
        Files.writeString(out, SvgChart.render(reports), StandardCharsets.UTF_8);
        log.printf("chart of %d result file(s) written to %s%n", reports.size(), out);
        return 0;
    }
}
