package com.ecsprovisioner.console;

import com.ecsprovisioner.engine.JobState;
import com.ecsprovisioner.engine.JobTiming;

import java.util.Locale;

/** The job page's line on time: how long the job has run or took, and what runs of its kind usually take. */
final class TimingText {

    private TimingText() {
    }

    /** E.g. "Running for 1 min 05 s · about 3 min 10 s left (a deployment usually takes 4 min 15 s, from 3 succeeded runs)". */
    static String of(JobTiming timing, JobState state, String kindLabel) {
        String kind = kindLabel.toLowerCase(Locale.ROOT);
        String article = "aeiou".indexOf(kind.isEmpty() ? 'x' : kind.charAt(0)) >= 0 ? "an " : "a ";
        String usual = timing.typicalTotal().map(t -> article + kind + " usually takes " + Words.duration(t) + ", from "
                + timing.pastRuns() + (timing.pastRuns() == 1 ? " succeeded run" : " succeeded runs")).orElse(null);
        StringBuilder text = new StringBuilder();
        if (state.isActive()) {
            text.append("Running for ").append(Words.duration(timing.elapsed()));
            timing.remaining().ifPresentOrElse(left -> text.append(" · about ").append(Words.duration(left)).append(" left"),
                    () -> text.append(" · no estimate yet: no ").append(kind).append(" has finished here before"));
        } else {
            text.append(state == JobState.SUCCEEDED ? "Took " : "Ran for ").append(Words.duration(timing.elapsed()));
        }
        if (usual != null) {
            text.append(" (").append(usual).append(')');
        }
        return text.toString();
    }
}
