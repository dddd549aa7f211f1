package dev.controlplane.domain.config;

import static dev.controlplane.domain.config.ConfigFields.describe;
import static dev.controlplane.domain.config.ConfigFields.expectedPart;
import static dev.controlplane.domain.config.ConfigFields.nameProblem;
import static dev.controlplane.domain.config.ConfigFields.problemPart;
import static dev.controlplane.domain.config.ConfigFields.rule;
import static dev.controlplane.domain.config.ConfigFolder.TEAMS_FOLDER;

import com.fasterxml.jackson.databind.JsonNode;
import dev.controlplane.domain.ArtifactNaming;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code teams/{team}.json}: a team, its projects (each repository in one project only, across all teams) and
 * its {@code clusters} section (read by {@link ClusterConfigReader}); records every problem.
 */
final class TeamConfigReader {

    private static final Set<String> TEAM_FIELDS = Set.of("team", "costCentre", "projects", "clusters");
    private static final Set<String> PROJECT_FIELDS = Set.of("name", "repository", "defaultBranch", "scripts");
    private static final Pattern REPOSITORY =
            Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?/[A-Za-z0-9._-]{1,100}");
    private static final Pattern BRANCH_FORBIDDEN = Pattern.compile("[\\s~^:?*\\[\\\\\\p{Cntrl}]|\\.\\.|//|@\\{");
    private static final String REPOSITORY_RULE = "owner/name, as GitHub's repository.full_name";
    private static final String BRANCH_RULE = "a git branch name such as main (no spaces, '..', '~', '^', ':', '?',"
            + " '*', '[', '\\', '//' or '@{')";

    private final ConfigFolder folder;
    private final List<EnvironmentConfig> environments;

    TeamConfigReader(ConfigFolder folder, List<EnvironmentConfig> environments) {
        this.folder = folder;
        this.environments = environments;
    }

    /** The teams, in the order of their files' names; those with a problem (recorded) left out. */
    List<TeamConfig> read() {
        List<TeamConfig> teams = new ArrayList<>();
        Map<String, String> repositories = new HashMap<>();
        for (Path path : folder.jsonFiles(TEAMS_FOLDER)) {
            TeamConfig team = team(path, repositories);
            if (team != null) {
                teams.add(team);
            }
        }
        return teams;
    }

    private TeamConfig team(Path path, Map<String, String> repositories) {
        String fileName = path.getFileName().toString();
        String file = folder.shownDir + "/" + TEAMS_FOLDER + "/" + fileName;
        String teamFromFile = fileName.substring(0, fileName.length() - ".json".length());
        int before = folder.problems.size();
        if (nameProblem(teamFromFile, ArtifactNaming::requireTeam) != null) {
            folder.problem(file, "", "file name '" + fileName + "' does not name a team",
                    "{team}.json, where the team is " + rule("", ArtifactNaming::requireTeam));
        }
        JsonNode root = folder.document(path, file, "{\"team\", \"costCentre\", \"projects\": [...]}");
        if (root == null) {
            return null;
        }
        ConfigFields fields = new ConfigFields(folder, file);
        fields.refuseUnknown(root, "", TEAM_FIELDS);
        String team = fields.string(root, "", "team", "the team's name, as the file is named: '" + teamFromFile + "'");
        if (team != null && !team.equals(teamFromFile)) {
            folder.problem(file, "/team", "is '" + team + "', but the file is " + fileName,
                    "'" + teamFromFile + "': a team's file is named config/teams/{team}.json");
        }
        String costCentre = fields.string(root, "", "costCentre", "the cost centre the team's runs are charged to");
        if (costCentre != null && costCentre.isBlank()) {
            folder.problem(file, "/costCentre", "is blank", "the cost centre the team's runs are charged to");
        }
        List<ProjectConfig> projects = new ArrayList<>();
        JsonNode list = root.get("projects");
        if (list == null || list.isNull()) {
            folder.problem(file, "/projects", "is missing", "an array of the team's projects (it may be empty)");
        } else if (!list.isArray()) {
            folder.problem(file, "/projects", "is " + describe(list), "an array of the team's projects");
        } else {
            Map<String, String> names = new HashMap<>();
            for (int i = 0; i < list.size(); i++) {
                String at = "/projects/" + i;
                ProjectConfig project = project(fields, list.get(i), at, repositories);
                if (project == null) {
                    continue;
                }
                String earlier = names.putIfAbsent(project.name(), at + "/name");
                if (earlier != null) {
                    folder.problem(file, at + "/name", "is '" + project.name() + "', as " + earlier + " already is",
                            "each project of a team named once");
                } else {
                    projects.add(project);
                }
            }
        }
        Optional<ClusterConfig> clusters = new ClusterConfigReader(file, folder.problems, environments)
                .read(root.get("clusters"), team == null ? teamFromFile : team);
        return folder.problems.size() > before || clusters == null ? null
                : new TeamConfig(team, costCentre, projects, clusters);
    }

    private ProjectConfig project(ConfigFields fields, JsonNode node, String at, Map<String, String> repositories) {
        if (!node.isObject()) {
            folder.problem(fields.file, at, "is " + describe(node), "an object {\"name\", \"repository\"}");
            return null;
        }
        int before = folder.problems.size();
        fields.refuseUnknown(node, at, PROJECT_FIELDS);
        String name = fields.name(node, at, "name", ArtifactNaming::requireProject);
        String repository = fields.matching(node, at, "repository", REPOSITORY, REPOSITORY_RULE);
        if (repository != null && (repository.endsWith("/.") || repository.endsWith("/.."))) {
            folder.problem(fields.file, at + "/repository", "is '" + repository + "'", REPOSITORY_RULE);
        } else if (repository != null) {
            String here = fields.file + " " + at + "/repository";
            String earlier = repositories.putIfAbsent(repository.toLowerCase(Locale.ROOT), here);
            if (earlier != null) {
                folder.problem(fields.file, at + "/repository", "is '" + repository + "', which " + earlier + " already has",
                        "each repository in one project only (GitHub compares names case-insensitively)");
            }
        }
        String defaultBranch = null;
        JsonNode branch = node.get("defaultBranch");
        if (branch != null && !branch.isNull()) {
            defaultBranch = fields.string(node, at, "defaultBranch", BRANCH_RULE);
            if (defaultBranch != null && (defaultBranch.isEmpty() || BRANCH_FORBIDDEN.matcher(defaultBranch).find()
                    || defaultBranch.startsWith("/") || defaultBranch.endsWith("/") || defaultBranch.endsWith(".")
                    || defaultBranch.endsWith(".lock"))) {
                folder.problem(fields.file, at + "/defaultBranch", "is '" + defaultBranch + "'", BRANCH_RULE);
            }
        }
        List<String> scripts = scripts(fields, node.get("scripts"), at + "/scripts");
        return folder.problems.size() > before ? null : new ProjectConfig(name, repository, defaultBranch, scripts);
    }

    private List<String> scripts(ConfigFields fields, JsonNode node, String at) {
        if (node == null || node.isNull()) {
            return null;
        }
        String expected = "a non-empty array of script names (leave it out for one script named like the project)";
        if (!node.isArray()) {
            folder.problem(fields.file, at, "is " + describe(node), expected);
            return null;
        }
        if (node.isEmpty()) {
            folder.problem(fields.file, at, "is empty", expected);
            return null;
        }
        List<String> scripts = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode entry = node.get(i);
            String here = at + "/" + i;
            if (!entry.isTextual()) {
                folder.problem(fields.file, here, "is " + describe(entry), "a script name, a string");
                continue;
            }
            String problem = nameProblem(entry.asText(), ArtifactNaming::requireScript);
            if (problem != null) {
                folder.problem(fields.file, here, problemPart(problem), expectedPart(problem));
            } else if (!seen.add(entry.asText())) {
                folder.problem(fields.file, here, "is '" + entry.asText() + "', which is listed before",
                        "each script listed once");
            } else {
                scripts.add(entry.asText());
            }
        }
        return scripts;
    }
}
