package dev.controlplane.domain.launch;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The operator parameters of a run, as the data teams' tool names them: {@code team}, {@code project_name},
 * {@code script_name} (default the project name), {@code script_version} (default {@value #LATEST}),
 * {@code library_version} (default the resolved script version's), {@code parameters},
 * {@code use_data_sharing}, {@code view_access_control_list}.
 *
 * @param libraryVersion null means the wheel published with the resolved script version
 * @param viewGroups     extra groups that may read the run (CAN_VIEW)
 */
public record RunRequest(String team, String project, String script, String scriptVersion, String libraryVersion,
        List<String> parameters, boolean useDataSharing, List<String> viewGroups) {

    public static final String INPUT = "run request";
    public static final String LATEST = "latest";

    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,99}");
    // Databricks group names: anything printable, but not empty and not absurdly long.
    private static final Pattern GROUP = Pattern.compile("[^\\p{Cntrl}]{1,255}");
    private static final int MAX_PARAMETERS = 200;

    public RunRequest {
        team = required("team", team, "the team's name, as in config/teams/{team}.json");
        project = required("project_name", project, "one of the team's project names");
        script = script == null || script.isBlank() ? project : script.strip();
        scriptVersion = version("script_version", scriptVersion == null || scriptVersion.isBlank() ? LATEST : scriptVersion);
        libraryVersion = libraryVersion == null || libraryVersion.isBlank() ? null : version("library_version", libraryVersion);
        parameters = List.copyOf(Objects.requireNonNullElse(parameters, List.of()));
        if (parameters.size() > MAX_PARAMETERS) {
            throw new InvalidRunRequestException("parameters", "has " + parameters.size() + " entries",
                    "at most " + MAX_PARAMETERS + " parameters");
        }
        List<String> groups = new ArrayList<>();
        List<String> given = Objects.requireNonNullElse(viewGroups, List.of());
        for (int i = 0; i < given.size(); i++) {
            String group = given.get(i);
            if (group == null || !GROUP.matcher(group.strip()).matches()) {
                throw new InvalidRunRequestException("view_access_control_list[" + i + "]",
                        group == null ? "is null" : "is '" + group + "'", "a Databricks group name");
            }
            if (!groups.contains(group.strip())) {
                groups.add(group.strip());
            }
        }
        viewGroups = List.copyOf(groups);
    }

    /** The registry's artifact: {@code {team}/{project}/{script}}. */
    public String artifact() {
        return team + "/" + project + "/" + script;
    }

    private static String required(String field, String value, String expected) {
        if (value == null || value.isBlank()) {
            throw new InvalidRunRequestException(field, "is missing", expected);
        }
        return value.strip();
    }

    private static String version(String field, String value) {
        String version = value.strip();
        if (!VERSION.matcher(version).matches()) {
            throw new InvalidRunRequestException(field, "is '" + value + "'",
                    "'" + LATEST + "' or a published version such as 1.4.0 or 1.4.0-feature-login");
        }
        return version;
    }
}
