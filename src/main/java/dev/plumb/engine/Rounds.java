package dev.plumb.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.plumb.resource.Phase;
import dev.plumb.resource.Step;
import dev.plumb.shell.ShellLib;

/**
 * Orders an apply's steps by {@link Phase} (stable: within a phase, the order the parts gave)
 * and groups them into rounds: a {@link Step.Call} is a round of its own; consecutive
 * {@link Step.Script}s are one round, one SSH round trip, except that {@link Phase#SERVICES}
 * always begins a new one (files and units are on disk before any service starts). Pure.
 */
final class Rounds {
    /** One round: its steps, all calls or all scripts. */
    record Round(List<Step> steps) {
        boolean isScript() {
            return steps.get(0) instanceof Step.Script;
        }

        boolean startsServices() {
            return steps.get(0).phase() == Phase.SERVICES;
        }

        /**
         * The round's script: {@link ShellLib#PRELUDE}, then each step after a line that prints
         * its index ({@code @plumb-step N}) on stdout, so a failure is traced to its step.
         */
        String script() {
            StringBuilder b = new StringBuilder(ShellLib.PRELUDE);
            for (int i = 0; i < steps.size(); i++) {
                b.append("echo '").append(STEP).append(i).append("'\n")
                        .append(((Step.Script) steps.get(i)).text());
            }
            return b.toString();
        }

        /** The step that was running when the round's script stopped, from its stdout. */
        Step failedStep(String stdout) {
            int last = 0;
            for (String line : stdout.split("\n")) {
                if (line.startsWith(STEP)) {
                    try {
                        last = Integer.parseInt(line.substring(STEP.length()).strip());
                    } catch (NumberFormatException e) {
                        // not ours
                    }
                }
            }
            return steps.get(Math.min(Math.max(last, 0), steps.size() - 1));
        }
    }

    static final String STEP = "@plumb-step ";

    private Rounds() {}

    static List<Round> of(List<Step> steps) {
        List<Step> ordered = new ArrayList<>(steps);
        ordered.sort(Comparator.comparing(Step::phase));
        List<Round> rounds = new ArrayList<>();
        List<Step> scripts = new ArrayList<>();
        for (Step s : ordered) {
            if (s instanceof Step.Script && !(s.phase() == Phase.SERVICES && !scripts.isEmpty()
                    && scripts.get(0).phase() != Phase.SERVICES)) {
                scripts.add(s);
                continue;
            }
            if (!scripts.isEmpty()) {
                rounds.add(new Round(List.copyOf(scripts)));
                scripts.clear();
            }
            if (s instanceof Step.Script) {
                scripts.add(s);
            } else {
                rounds.add(new Round(List.of(s)));
            }
        }
        if (!scripts.isEmpty()) {
            rounds.add(new Round(List.copyOf(scripts)));
        }
        return rounds;
    }
}
