package dev.controlplane.domain.config;

import java.util.List;
import java.util.Objects;

/**
 * A project of a team: built from one GitHub repository, publishing one or more scripts.
 *
 * @param repository    GitHub's {@code repository.full_name}, {@code owner/name}
 * @param defaultBranch null means {@value #DEFAULT_BRANCH}
 * @param scripts       null or empty means one script named like the project
 */
public record ProjectConfig(String name, String repository, String defaultBranch, List<String> scripts) {

    public static final String DEFAULT_BRANCH = "main";

    public ProjectConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(repository, "repository");
        defaultBranch = defaultBranch == null ? DEFAULT_BRANCH : defaultBranch;
        scripts = scripts == null || scripts.isEmpty() ? List.of(name) : List.copyOf(scripts);
    }
}
