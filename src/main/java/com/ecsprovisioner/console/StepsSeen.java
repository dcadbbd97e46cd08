package com.ecsprovisioner.console;

import com.ecsprovisioner.engine.JobStep;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What the job page's timeline shows of the steps, as text to compare: each step's state, start and end. The page
 * redraws the chart only when this changed, because a redraw resets the zoom and pan the reader chose.
 */
final class StepsSeen {

    private StepsSeen() {
    }

    static String of(List<JobStep> steps) {
        return steps.stream().map(s -> s.order() + ":" + s.getStatus() + ":" + s.getStartedAt() + ":" + s.getFinishedAt())
                .collect(Collectors.joining(","));
    }
}
