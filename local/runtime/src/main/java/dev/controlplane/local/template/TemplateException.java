package dev.controlplane.local.template;

import java.util.List;

/**
 * A template that cannot be wired up: every problem found, each naming the file, where in the template (a resource,
 * property path or YAML line) and what was expected. A user mistake, so it carries no stack trace.
 */
public final class TemplateException extends RuntimeException {
    private final List<String> problems;

    public TemplateException(String file, List<String> problems) {
        super(file + ": " + (problems.size() == 1 ? problems.get(0) : problems.size() + " problems:\n  " + String.join("\n  ", problems)),
                null, false, false);
        this.problems = List.copyOf(problems);
    }

    public TemplateException(String file, String problem) {
        this(file, List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}
