package dev.plumb.cli;

import java.util.Optional;

import dev.plumb.plan.GitState;
import dev.plumb.plan.JsonRenderer;
import dev.plumb.plan.MarkdownRenderer;
import dev.plumb.plan.Plan;
import dev.plumb.plan.TextRenderer;
import picocli.CommandLine.Option;

/** {@code --format text|json|markdown} (and {@code --json}) for plan and drift. */
final class OutputFormat {
    /** How a plan or drift report is printed. */
    enum Format { text, json, markdown }

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default), json (a stable document), or markdown (a report for a pull-request"
                    + " comment: one details section per host, diffs in diff blocks).")
    Format format = Format.text;

    @Option(names = "--json", description = "Same as --format json.")
    boolean json;

    Format format() {
        return json ? Format.json : format;
    }

    /** The plan as a plan document; JSON names the revision it was read from. */
    String plan(Plan plan, Optional<GitState> git) {
        return switch (format()) {
            case json -> JsonRenderer.render(plan, git);
            case markdown -> MarkdownRenderer.render(plan, "Plan");
            case text -> TextRenderer.render(plan);
        };
    }

    /** The plan as a drift report. */
    String drift(Plan plan) {
        return switch (format()) {
            case json -> JsonRenderer.renderDrift(plan);
            case markdown -> MarkdownRenderer.render(plan, "Drift");
            case text -> TextRenderer.drift(plan);
        };
    }
}
